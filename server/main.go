// cpcase-server: Temporal's server (go.temporal.io/server at the version go.mod pins) with cpcase's identity and
// access control built in (package access). Started as Temporal's own is: `cpcase-server --config-file F start`,
// or with no --config-file from Temporal's embedded docker configuration and its environment variables.
//
// It refuses to start with nothing to check credentials against unless CPCASE_INSECURE=1 says plainly that anyone
// who reaches it may do anything; then it runs as the upstream server does, with no authorizer.
package main

import (
	"flag"
	"fmt"
	"os"

	"cpcase.local/temporal-server/access"
	"go.temporal.io/server/common/authorization"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/log"
	"go.temporal.io/server/common/metrics"
	_ "go.temporal.io/server/common/persistence/sql/sqlplugin/postgresql" // PostgreSQL persistence
	_ "go.temporal.io/server/common/persistence/sql/sqlplugin/sqlite"     // for tests of the binary
	"go.temporal.io/server/common/rpc/encryption"
	"go.temporal.io/server/temporal"
	"google.golang.org/grpc"
	_ "time/tzdata" // schedules in Europe/London on a host without zoneinfo
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "cpcase-server: %v\n", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	flags := flag.NewFlagSet("cpcase-server", flag.ContinueOnError)
	configFile := flags.String("config-file", "", "Temporal server configuration (YAML); unset: the embedded one")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if flags.NArg() != 1 || flags.Arg(0) != "start" {
		return fmt.Errorf("usage: cpcase-server [--config-file FILE] start")
	}
	cfg, err := loadConfig(*configFile)
	if err != nil {
		return fmt.Errorf("configuration: %v", err)
	}
	logger := log.NewZapLogger(log.BuildZapLogger(cfg.Log))
	options := []temporal.ServerOption{
		temporal.ForServices(servicesIn(cfg)),
		temporal.WithConfig(cfg),
		temporal.WithLogger(logger),
		temporal.InterruptOn(temporal.InterruptCh()),
	}
	if os.Getenv("CPCASE_INSECURE") == "1" {
		logger.Warn("CPCASE_INSECURE=1: no credential is checked; anyone who reaches this server may do anything")
	} else {
		more, err := accessOptions(cfg, logger)
		if err != nil {
			return err
		}
		options = append(options, more...)
	}
	server, err := temporal.NewServer(options...)
	if err != nil {
		return fmt.Errorf("cannot create the server: %v", err)
	}
	return server.Start()
}

func loadConfig(file string) (*config.Config, error) {
	if file == "" {
		return config.Load(config.WithEmbedded())
	}
	return config.Load(config.WithConfigFile(file))
}

// servicesIn starts every service the configuration describes (internal-frontend included, when present).
func servicesIn(cfg *config.Config) []string {
	var names []string
	for name := range cfg.Services {
		names = append(names, name)
	}
	return names
}

// accessOptions wires package access into the server: the claim mapper (tokens by the council's JWKS, client
// certificates by its CA), the authorizer, the identity stamp and, with a client CA, optional client certificates.
func accessOptions(cfg *config.Config, logger log.Logger) ([]temporal.ServerOption, error) {
	auth := &cfg.Global.Authorization
	tokens := auth.JWTKeyProvider.HasSourceURIsConfigured()
	settings, err := access.SettingsFromEnv(os.Getenv, auth.PermissionsClaimName, tokens)
	if err != nil {
		return nil, err
	}
	var keys access.KeySource
	if tokens {
		keys = access.TemporalKeys{TokenKeyProvider: authorization.NewDefaultTokenKeyProvider(auth, logger)}
	}
	mapper := access.NewClaimMapper(settings, keys)
	options := []temporal.ServerOption{
		temporal.WithClaimMapper(func(*config.Config) authorization.ClaimMapper { return mapper }),
		temporal.WithAuthorizer(access.Authorizer{}),
		temporal.WithChainedFrontendGrpcInterceptors(grpc.UnaryServerInterceptor(access.StampInterceptor)),
	}
	if settings.ClientCAs != nil {
		inner, err := encryption.NewTLSConfigProviderFromConfig(cfg.Global.TLS, metrics.NoopMetricsHandler, logger, nil)
		if err != nil {
			return nil, fmt.Errorf("TLS: %v", err)
		}
		options = append(options, temporal.WithTLSConfigFactory(access.OptionalClientCertificates(inner, settings.ClientCAs)))
	}
	return options, nil
}
