package access

import (
	"crypto/x509"
	"fmt"
	"os"
	"time"
)

// Settings are what a council configures: the token issuer it trusts and how its tokens are read, the CA whose
// client certificates are accepted, and the revocation list. The signing keys themselves come from Temporal's
// own configuration (global.authorization.jwtKeyProvider.keySourceURIs: the council's JWKS).
type Settings struct {
	// Issuer is the only "iss" accepted. Required when tokens are checked.
	Issuer string
	// Audience, when set, must be among the token's "aud".
	Audience string
	// SubjectClaim names the claim holding the staff id ("sub" unless the issuer puts it elsewhere).
	SubjectClaim string
	// PermissionsClaim names the claim listing "<namespace>:<role>" values.
	PermissionsClaim string
	// Leeway is the clock skew tolerated on exp, nbf and iat.
	Leeway time.Duration
	// ClientCAs, when set, verify client certificates; a certificate is then accepted beside tokens.
	ClientCAs *x509.CertPool
	// Revoked is read again whenever its file changes.
	Revoked *Revocations
}

// Defaults for a council that names only its issuer.
const (
	DefaultSubjectClaim     = "sub"
	DefaultPermissionsClaim = "permissions"
	DefaultLeeway           = 3 * time.Minute
)

// SettingsFromEnv reads the CPCASE_* variables; tokensConfigured says whether Temporal's configuration names a
// JWKS (then an issuer is required, so a token from some other issuer signed by a shared key is never taken).
func SettingsFromEnv(getenv func(string) string, permissionsClaim string, tokensConfigured bool) (Settings, error) {
	s := Settings{
		Issuer:           getenv("CPCASE_TOKEN_ISSUER"),
		Audience:         getenv("CPCASE_TOKEN_AUDIENCE"),
		SubjectClaim:     orDefault(getenv("CPCASE_TOKEN_SUBJECT_CLAIM"), DefaultSubjectClaim),
		PermissionsClaim: orDefault(permissionsClaim, DefaultPermissionsClaim),
		Leeway:           DefaultLeeway,
	}
	if v := getenv("CPCASE_TOKEN_LEEWAY"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 || d > 15*time.Minute {
			return s, fmt.Errorf("CPCASE_TOKEN_LEEWAY: must be a duration from 0s to 15m, e.g. 3m (got %q)", v)
		}
		s.Leeway = d
	}
	if tokensConfigured && s.Issuer == "" {
		return s, fmt.Errorf("CPCASE_TOKEN_ISSUER: must name the issuer whose tokens are accepted (the JWKS is configured)")
	}
	if f := getenv("CPCASE_CLIENT_CA_FILE"); f != "" {
		pem, err := os.ReadFile(f)
		if err != nil {
			return s, fmt.Errorf("CPCASE_CLIENT_CA_FILE: %v", err)
		}
		s.ClientCAs = x509.NewCertPool()
		if !s.ClientCAs.AppendCertsFromPEM(pem) {
			return s, fmt.Errorf("CPCASE_CLIENT_CA_FILE: no PEM certificate in %s", f)
		}
	}
	if !tokensConfigured && s.ClientCAs == nil {
		return s, fmt.Errorf("no credential could be checked: configure the council's token keys " +
			"(global.authorization.jwtKeyProvider.keySourceURIs with CPCASE_TOKEN_ISSUER) or CPCASE_CLIENT_CA_FILE, " +
			"or set CPCASE_INSECURE=1 to run open to anyone who can reach the server")
	}
	s.Revoked = NewRevocations(getenv("CPCASE_REVOKED_FILE"))
	return s, nil
}

func orDefault(v, d string) string {
	if v == "" {
		return d
	}
	return v
}
