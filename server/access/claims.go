package access

import (
	"context"
	"crypto/x509"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v4"
	"go.temporal.io/server/common/authorization"
)

// KeySource finds a token's verification key by its kid: Temporal's JWKS key provider in the server, a fixed key
// in tests.
type KeySource interface {
	RsaKeyFor(alg, kid string) (any, error)
	EcdsaKeyFor(alg, kid string) (any, error)
}

// TemporalKeys adapts Temporal's token key provider (JWKS from files or https, refreshed) to KeySource.
type TemporalKeys struct{ authorization.TokenKeyProvider }

func (k TemporalKeys) RsaKeyFor(alg, kid string) (any, error)   { return k.RsaKey(alg, kid) }
func (k TemporalKeys) EcdsaKeyFor(alg, kid string) (any, error) { return k.EcdsaKey(alg, kid) }

// ClaimMapper turns a caller's credential into an Identity. It never fails a call itself: a credential it cannot
// accept becomes an Identity with a Problem, which the authorizer refuses with that reason, so the person is told
// why (expired, wrong issuer) instead of Temporal's bare "Request unauthorized".
type ClaimMapper struct {
	settings Settings
	keys     KeySource
	now      func() time.Time
}

// NewClaimMapper reads tokens with keys (nil when the council uses certificates only).
func NewClaimMapper(s Settings, keys KeySource) *ClaimMapper {
	return &ClaimMapper{settings: s, keys: keys, now: time.Now}
}

var _ authorization.ClaimMapper = (*ClaimMapper)(nil)
var _ authorization.ClaimMapperWithAuthInfoRequired = (*ClaimMapper)(nil)

// AuthInfoRequired is false so a caller with no credential at all is mapped too, and told what to do.
func (m *ClaimMapper) AuthInfoRequired() bool { return false }

// GetClaims prefers a token when there is one (a person), else a verified client certificate (a service or a
// person the council's CA issued one to).
func (m *ClaimMapper) GetClaims(info *authorization.AuthInfo) (*authorization.Claims, error) {
	var id *Identity
	switch {
	case info != nil && info.AuthToken != "":
		id = m.fromToken(info.AuthToken)
	case info != nil && info.TLSSubject != nil && m.settings.ClientCAs != nil:
		id = m.fromCertificate(info)
	default:
		id = &Identity{Problem: "no credential was presented"}
	}
	claims := &authorization.Claims{Subject: id.Subject, AuthType: string(id.Method), Extensions: id}
	return claims, nil
}

func (m *ClaimMapper) fromToken(header string) *Identity {
	if m.keys == nil {
		return &Identity{Method: ByToken, Problem: "this server accepts client certificates, not tokens"}
	}
	scheme, raw, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "bearer") || raw == "" {
		return &Identity{Method: ByToken, Problem: "the credential is not a bearer token"}
	}
	claims, problem := m.verifiedClaims(raw)
	if problem != "" {
		return &Identity{Method: ByToken, Problem: problem}
	}
	subject, _ := claims[m.settings.SubjectClaim].(string)
	if subject == "" {
		return &Identity{Method: ByToken, Problem: fmt.Sprintf("the token has no %q claim naming the person", m.settings.SubjectClaim)}
	}
	if jti, _ := claims["jti"].(string); m.settings.Revoked.TokenRevoked(jti) {
		return &Identity{Subject: subject, Method: ByToken, Problem: "the token has been revoked"}
	}
	roles, _ := parsePermissions(stringList(claims[m.settings.PermissionsClaim]))
	return &Identity{Subject: subject, Method: ByToken, Issuer: m.settings.Issuer, Roles: roles}
}

// verifiedClaims checks the signature (RS256 or ES256, key by kid), then the times with the leeway, the issuer
// and the audience. The reason names what failed, never the token.
func (m *ClaimMapper) verifiedClaims(raw string) (jwt.MapClaims, string) {
	parser := jwt.NewParser(jwt.WithValidMethods([]string{"RS256", "ES256"}), jwt.WithoutClaimsValidation())
	token, err := parser.Parse(raw, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		alg, _ := t.Header["alg"].(string)
		if _, isRSA := t.Method.(*jwt.SigningMethodRSA); isRSA {
			return m.keys.RsaKeyFor(alg, kid)
		}
		return m.keys.EcdsaKeyFor(alg, kid)
	})
	if err != nil || !token.Valid {
		if ve, ok := err.(*jwt.ValidationError); ok && ve.Errors&jwt.ValidationErrorMalformed != 0 {
			return nil, "the token is malformed"
		}
		return nil, "the token's signature does not verify against the council's signing keys"
	}
	claims, _ := token.Claims.(jwt.MapClaims)
	now := m.now()
	leeway := m.settings.Leeway
	exp, hasExp := numericTime(claims["exp"])
	switch {
	case !hasExp:
		return nil, "the token has no expiry (exp)"
	case now.After(exp.Add(leeway)):
		return nil, fmt.Sprintf("the token expired at %s", exp.UTC().Format(time.RFC3339))
	}
	if nbf, ok := numericTime(claims["nbf"]); ok && now.Add(leeway).Before(nbf) {
		return nil, fmt.Sprintf("the token is not valid before %s", nbf.UTC().Format(time.RFC3339))
	}
	if iat, ok := numericTime(claims["iat"]); ok && now.Add(leeway).Before(iat) {
		return nil, "the token was issued in the future (check the clocks)"
	}
	if iss, _ := claims["iss"].(string); iss != m.settings.Issuer {
		return nil, fmt.Sprintf("the token's issuer %q is not the council's (%s)", iss, m.settings.Issuer)
	}
	if a := m.settings.Audience; a != "" && !contains(stringList(claims["aud"]), a) {
		return nil, fmt.Sprintf("the token is not for this service (audience %s)", a)
	}
	return claims, ""
}

// fromCertificate maps a client certificate verified against the council's CA: the subject's common name is the
// person or service, its organisational units the permissions.
func (m *ClaimMapper) fromCertificate(info *authorization.AuthInfo) *Identity {
	cert := authorization.PeerCert(info.TLSConnection)
	if cert == nil || !m.verifiedByClientCA(cert, info) {
		return &Identity{Method: ByCertificate, Problem: "the client certificate is not from the council's CA"}
	}
	subject := info.TLSSubject.CommonName
	if subject == "" {
		return &Identity{Method: ByCertificate, Problem: "the client certificate has no common name naming the person"}
	}
	if m.settings.Revoked.CertificateRevoked(cert.SerialNumber) {
		return &Identity{Subject: subject, Method: ByCertificate, Problem: "the client certificate has been revoked"}
	}
	roles, _ := parsePermissions(info.TLSSubject.OrganizationalUnit)
	return &Identity{Subject: subject, Method: ByCertificate, Issuer: cert.Issuer.CommonName, Roles: roles}
}

// verifiedByClientCA: the TLS layer verified the chain already when certificates are optional (verify if given);
// checked again here against the council's CA so a chain to some other trusted root is never taken as a person.
func (m *ClaimMapper) verifiedByClientCA(cert *x509.Certificate, info *authorization.AuthInfo) bool {
	intermediates := x509.NewCertPool()
	if info.TLSConnection != nil && len(info.TLSConnection.State.PeerCertificates) > 1 {
		for _, c := range info.TLSConnection.State.PeerCertificates[1:] {
			intermediates.AddCert(c)
		}
	}
	_, err := cert.Verify(x509.VerifyOptions{
		Roots:         m.settings.ClientCAs,
		Intermediates: intermediates,
		KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
		CurrentTime:   m.now(),
	})
	return err == nil
}

func numericTime(v any) (time.Time, bool) {
	switch n := v.(type) {
	case float64:
		return time.Unix(int64(n), 0), true
	case int64:
		return time.Unix(n, 0), true
	}
	return time.Time{}, false
}

// stringList reads a claim that is a string or a list of strings.
func stringList(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	case []string:
		return x
	}
	return nil
}

func contains(xs []string, x string) bool {
	for _, s := range xs {
		if s == x {
			return true
		}
	}
	return false
}

// identityOf reads the Identity a ClaimMapper put in the claims (nil claims: no credential).
func identityOf(claims *authorization.Claims) *Identity {
	if claims != nil {
		if id, ok := claims.Extensions.(*Identity); ok {
			return id
		}
	}
	return &Identity{Problem: "no credential was presented"}
}

// IdentityFrom reads the caller's Identity from a request's context after the authorization interceptor.
func IdentityFrom(ctx context.Context) *Identity {
	claims, _ := ctx.Value(authorization.MappedClaims).(*authorization.Claims)
	return identityOf(claims)
}
