package access

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v4"
	"go.temporal.io/server/common/authorization"
	"google.golang.org/grpc/credentials"
)

const issuer = "https://login.council.example/cpcase"

type fixedKey struct {
	kid string
	key *ecdsa.PublicKey
}

func (f fixedKey) RsaKeyFor(_, _ string) (any, error) { return nil, fmt.Errorf("no RSA key") }
func (f fixedKey) EcdsaKeyFor(_, kid string) (any, error) {
	if kid != f.kid {
		return nil, fmt.Errorf("unknown kid %s", kid)
	}
	return f.key, nil
}

var now = time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)

func signer(t *testing.T) (*ecdsa.PrivateKey, fixedKey) {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k, fixedKey{kid: "k1", key: &k.PublicKey}
}

func token(t *testing.T, k *ecdsa.PrivateKey, kid string, claims jwt.MapClaims) string {
	tok := jwt.NewWithClaims(jwt.SigningMethodES256, claims)
	tok.Header["kid"] = kid
	s, err := tok.SignedString(k)
	if err != nil {
		t.Fatal(err)
	}
	return "Bearer " + s
}

func good(extra jwt.MapClaims) jwt.MapClaims {
	c := jwt.MapClaims{
		"iss": issuer, "sub": "ADM-001", "aud": "cpcase", "jti": "t-1",
		"iat": now.Add(-time.Minute).Unix(), "exp": now.Add(time.Hour).Unix(),
		"permissions": []string{"default:administrator"},
	}
	for k, v := range extra {
		c[k] = v
	}
	return c
}

func mapper(keys KeySource, revoked *Revocations) *ClaimMapper {
	m := NewClaimMapper(Settings{
		Issuer: issuer, Audience: "cpcase", SubjectClaim: "sub", PermissionsClaim: "permissions",
		Leeway: DefaultLeeway, Revoked: revoked,
	}, keys)
	m.now = func() time.Time { return now }
	return m
}

func identityFor(t *testing.T, m *ClaimMapper, header string) *Identity {
	c, err := m.GetClaims(&authorization.AuthInfo{AuthToken: header})
	if err != nil {
		t.Fatalf("GetClaims failed instead of naming the problem: %v", err)
	}
	return identityOf(c)
}

func TestTokens(t *testing.T) {
	key, keys := signer(t)
	other, _ := signer(t)
	m := mapper(keys, nil)
	cases := []struct {
		name    string
		header  string
		problem string
	}{
		{"a good token", token(t, key, "k1", good(nil)), ""},
		{"expired a minute ago: within the leeway", token(t, key, "k1", good(jwt.MapClaims{"exp": now.Add(-time.Minute).Unix()})), ""},
		{"expired an hour ago", token(t, key, "k1", good(jwt.MapClaims{"exp": now.Add(-time.Hour).Unix()})), "the token expired at 2026-12-07T09:00:00Z"},
		{"not yet valid beyond the leeway", token(t, key, "k1", good(jwt.MapClaims{"nbf": now.Add(10 * time.Minute).Unix()})), "not valid before"},
		{"issued two minutes ahead (a skewed clock)", token(t, key, "k1", good(jwt.MapClaims{"iat": now.Add(2 * time.Minute).Unix()})), ""},
		{"no expiry", token(t, key, "k1", good(jwt.MapClaims{"exp": nil})), "no expiry"},
		{"signed by another key", token(t, other, "k1", good(nil)), "signature does not verify"},
		{"an unknown key id", token(t, key, "k2", good(nil)), "signature does not verify"},
		{"another issuer", token(t, key, "k1", good(jwt.MapClaims{"iss": "https://evil.example"})), `issuer "https://evil.example" is not the council's`},
		{"another audience", token(t, key, "k1", good(jwt.MapClaims{"aud": "payroll"})), "not for this service"},
		{"no subject", token(t, key, "k1", good(jwt.MapClaims{"sub": nil})), `no "sub" claim`},
		{"malformed", "Bearer not.a.token", "malformed"},
		{"not bearer", "Basic dXNlcjpwYXNz", "not a bearer token"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			id := identityFor(t, m, c.header)
			if c.problem == "" {
				if id.Problem != "" || id.Subject != "ADM-001" || !id.Has("default", Administrator) {
					t.Fatalf("refused a good token: %+v", id)
				}
				return
			}
			if !strings.Contains(id.Problem, c.problem) {
				t.Fatalf("problem %q, want %q", id.Problem, c.problem)
			}
		})
	}
}

func TestTamperedTokenIsRefused(t *testing.T) {
	key, keys := signer(t)
	tok := token(t, key, "k1", good(jwt.MapClaims{"permissions": []string{"default:reader"}}))
	parts := strings.Split(strings.TrimPrefix(tok, "Bearer "), ".")
	forged := jwt.MapClaims(good(nil)) // administrator, with the reader's signature
	forgedToken := jwt.NewWithClaims(jwt.SigningMethodES256, forged)
	signingString, _ := forgedToken.SigningString()
	tampered := "Bearer " + strings.Split(signingString, ".")[0] + "." + strings.Split(signingString, ".")[1] + "." + parts[2]
	if id := identityFor(t, mapper(keys, nil), tampered); !strings.Contains(id.Problem, "signature") {
		t.Fatalf("a tampered token was taken: %+v", id)
	}
}

func TestRevokedTokenAndRevocationReload(t *testing.T) {
	key, keys := signer(t)
	file := filepath.Join(t.TempDir(), "revoked.json")
	revoked := NewRevocations(file)
	m := mapper(keys, revoked)
	tok := token(t, key, "k1", good(nil))
	if id := identityFor(t, m, tok); id.Problem != "" {
		t.Fatalf("refused before revocation: %s", id.Problem)
	}
	if err := os.WriteFile(file, []byte(`{"tokens":["t-1"]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	revoked.checked = time.Time{} // the next call reads the file again (it is read at most once a second)
	if id := identityFor(t, m, tok); id.Problem != "the token has been revoked" {
		t.Fatalf("revoked token taken: %+v", id)
	}
	_ = os.WriteFile(file, []byte(`{not json`), 0o600)
	revoked.checked, revoked.modTime = time.Time{}, time.Time{}
	if id := identityFor(t, m, tok); id.Problem != "the token has been revoked" {
		t.Fatal("a damaged revocation file emptied the list")
	}
}

func TestNoCredential(t *testing.T) {
	_, keys := signer(t)
	c, _ := mapper(keys, nil).GetClaims(&authorization.AuthInfo{})
	if id := identityOf(c); id.Problem != "no credential was presented" {
		t.Fatalf("%+v", id)
	}
	if d := Decide(identityOf(c), ws+"QueryWorkflow", "default", nil); !strings.HasPrefix(d.Reason, "not signed in") {
		t.Fatalf("reason %q", d.Reason)
	}
}

// A small CA and a client certificate, as a council's CA would issue one to a worker or a person.
func certificates(t *testing.T, cn string, ous []string, serial int64) (*x509.CertPool, *x509.Certificate, *x509.Certificate) {
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Council CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour * 24),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, _ := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	ca, _ := x509.ParseCertificate(caDER)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial), Subject: pkix.Name{CommonName: cn, OrganizationalUnit: ous},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour * 24),
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}, KeyUsage: x509.KeyUsageDigitalSignature,
	}
	der, _ := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	return pool, ca, cert
}

func certInfo(ca, cert *x509.Certificate) *authorization.AuthInfo {
	state := tls.ConnectionState{PeerCertificates: []*x509.Certificate{cert}, VerifiedChains: [][]*x509.Certificate{{cert, ca}}}
	return &authorization.AuthInfo{TLSSubject: &cert.Subject, TLSConnection: &credentials.TLSInfo{State: state}}
}

func TestCertificates(t *testing.T) {
	pool, ca, cert := certificates(t, "worker-1", []string{"default:worker"}, 77)
	file := filepath.Join(t.TempDir(), "revoked.json")
	m := NewClaimMapper(Settings{ClientCAs: pool, Revoked: NewRevocations(file)}, nil)
	m.now = func() time.Time { return now }
	c, _ := m.GetClaims(certInfo(ca, cert))
	id := identityOf(c)
	if id.Problem != "" || id.Subject != "worker-1" || id.Method != ByCertificate || !id.Has("default", Worker) {
		t.Fatalf("%+v", id)
	}

	otherPool, otherCA, stranger := certificates(t, "ADM-001", []string{"default:administrator"}, 78)
	_ = otherPool
	c, _ = m.GetClaims(certInfo(otherCA, stranger))
	if id := identityOf(c); !strings.Contains(id.Problem, "not from the council's CA") {
		t.Fatalf("a certificate from another CA was taken: %+v", id)
	}

	_ = os.WriteFile(file, []byte(`{"certificates":["4d"]}`), 0o600) // 77 in hex
	m.settings.Revoked.checked = time.Time{}
	c, _ = m.GetClaims(certInfo(ca, cert))
	if id := identityOf(c); id.Problem != "the client certificate has been revoked" {
		t.Fatalf("a revoked certificate was taken: %+v", id)
	}
}

func TestTokenPreferredOverCertificate(t *testing.T) {
	key, keys := signer(t)
	pool, ca, cert := certificates(t, "worker-1", []string{"default:worker"}, 5)
	m := mapper(keys, nil)
	m.settings.ClientCAs = pool
	info := certInfo(ca, cert)
	info.AuthToken = token(t, key, "k1", good(nil))
	c, _ := m.GetClaims(info)
	if id := identityOf(c); id.Subject != "ADM-001" || id.Method != ByToken {
		t.Fatalf("%+v", id)
	}
}
