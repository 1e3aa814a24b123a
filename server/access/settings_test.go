package access

import (
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestNothingToCheckWithIsRefused(t *testing.T) {
	_, err := SettingsFromEnv(env(nil), "", false)
	if err == nil || !strings.Contains(err.Error(), "CPCASE_INSECURE=1") {
		t.Fatalf("started with no way to check a credential: %v", err)
	}
}

func TestTokensNeedAnIssuer(t *testing.T) {
	_, err := SettingsFromEnv(env(nil), "", true)
	if err == nil || !strings.HasPrefix(err.Error(), "CPCASE_TOKEN_ISSUER:") {
		t.Fatalf("tokens without an issuer: %v", err)
	}
	s, err := SettingsFromEnv(env(map[string]string{"CPCASE_TOKEN_ISSUER": "https://x", "CPCASE_TOKEN_LEEWAY": "5m"}), "", true)
	if err != nil || s.Leeway.Minutes() != 5 || s.SubjectClaim != "sub" || s.PermissionsClaim != "permissions" {
		t.Fatalf("%+v %v", s, err)
	}
}

func TestBadSettingsNameTheVariable(t *testing.T) {
	for _, c := range []struct{ key, value, says string }{
		{"CPCASE_TOKEN_LEEWAY", "an hour", "CPCASE_TOKEN_LEEWAY: must be a duration"},
		{"CPCASE_TOKEN_LEEWAY", "1h", "CPCASE_TOKEN_LEEWAY: must be a duration"},
		{"CPCASE_CLIENT_CA_FILE", "/no/such/file", "CPCASE_CLIENT_CA_FILE:"},
	} {
		_, err := SettingsFromEnv(env(map[string]string{"CPCASE_TOKEN_ISSUER": "https://x", c.key: c.value}), "", true)
		if err == nil || !strings.HasPrefix(err.Error(), c.says) {
			t.Fatalf("%s=%s: %v", c.key, c.value, err)
		}
	}
}
