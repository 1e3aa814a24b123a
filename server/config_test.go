package main

import (
	"testing"

	"go.temporal.io/server/common/config"
)

// The configuration docker-compose.yml mounts loads, with the council's settings from the environment.
func TestComposeConfigurationLoads(t *testing.T) {
	t.Setenv("POSTGRES_PWD", "temporal")
	t.Setenv("TEMPORAL_JWT_KEY_SOURCE", "file:///issuer/jwks.json")
	cfg, err := loadConfig("../deploy/temporal/temporal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.Global.Authorization.JWTKeyProvider.HasSourceURIsConfigured() {
		t.Fatal("no JWKS configured")
	}
	if !cfg.Global.TLS.Internode.Server.RequireClientAuth || cfg.Global.TLS.Frontend.Server.RequireClientAuth {
		t.Fatal("internode must require client certificates; the frontend asks for them (cpcase-server verifies)")
	}
	if _, ok := cfg.Services["internal-frontend"]; !ok {
		t.Fatal("no internal frontend for Temporal's own system worker")
	}
	var _ *config.Config = cfg
}
