package access

import (
	"crypto/tls"
	"crypto/x509"

	"go.temporal.io/server/common/rpc/encryption"
)

// OptionalClientCertificates lets people sign in with a token and services with a client certificate on the same
// frontend. Temporal's own TLS either requires a client certificate of every caller or asks none; this asks for
// one and verifies it against the council's CA when given (the claim mapper checks it again). Everything else
// (internode TLS, the frontend's own certificate) is Temporal's configuration unchanged.
func OptionalClientCertificates(inner encryption.TLSConfigProvider, clientCAs *x509.CertPool) encryption.TLSConfigProvider {
	return &optionalClientCerts{TLSConfigProvider: inner, clientCAs: clientCAs}
}

type optionalClientCerts struct {
	encryption.TLSConfigProvider
	clientCAs *x509.CertPool
}

func (o *optionalClientCerts) GetFrontendServerConfig() (*tls.Config, error) {
	c, err := o.TLSConfigProvider.GetFrontendServerConfig()
	if err != nil || c == nil {
		return c, err
	}
	return o.askForCertificate(c), nil
}

func (o *optionalClientCerts) askForCertificate(c *tls.Config) *tls.Config {
	if c.ClientAuth == tls.RequireAndVerifyClientCert {
		return c // the council requires certificates of everyone: Temporal's setting stands
	}
	c = c.Clone()
	c.ClientAuth = tls.VerifyClientCertIfGiven
	c.ClientCAs = o.clientCAs
	if next := c.GetConfigForClient; next != nil {
		c.GetConfigForClient = func(hello *tls.ClientHelloInfo) (*tls.Config, error) {
			per, err := next(hello)
			if err != nil || per == nil {
				return per, err
			}
			return o.askForCertificate(per), nil
		}
	}
	return c
}
