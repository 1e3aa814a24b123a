package access

import (
	"encoding/json"
	"math/big"
	"os"
	"strings"
	"sync"
	"time"
)

// Revocations is the council's list of credentials withdrawn before they expire: token ids ("jti") and client
// certificate serial numbers (hex). The file is read again when it changes, so a revocation takes effect within a
// second without a restart; a file that cannot be read or parsed keeps the last good list (never an empty one).
type Revocations struct {
	path    string
	mu      sync.Mutex
	checked time.Time
	modTime time.Time
	tokens  map[string]bool
	serials map[string]bool
}

type revocationFile struct {
	Tokens       []string `json:"tokens"`
	Certificates []string `json:"certificates"`
}

// NewRevocations watches path; an empty path revokes nothing.
func NewRevocations(path string) *Revocations {
	return &Revocations{path: path, tokens: map[string]bool{}, serials: map[string]bool{}}
}

// TokenRevoked says whether a token id is on the list.
func (r *Revocations) TokenRevoked(jti string) bool {
	if r == nil || jti == "" {
		return false
	}
	r.refresh()
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.tokens[jti]
}

// CertificateRevoked says whether a certificate serial number is on the list.
func (r *Revocations) CertificateRevoked(serial *big.Int) bool {
	if r == nil || serial == nil {
		return false
	}
	r.refresh()
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.serials[normalSerial(serial.Text(16))]
}

func normalSerial(hex string) string {
	return strings.TrimLeft(strings.ToLower(strings.ReplaceAll(hex, ":", "")), "0")
}

func (r *Revocations) refresh() {
	if r.path == "" {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if time.Since(r.checked) < time.Second {
		return
	}
	r.checked = time.Now()
	info, err := os.Stat(r.path)
	if err != nil || info.ModTime().Equal(r.modTime) {
		return
	}
	data, err := os.ReadFile(r.path)
	if err != nil {
		return
	}
	var f revocationFile
	if json.Unmarshal(data, &f) != nil {
		return
	}
	r.modTime = info.ModTime()
	r.tokens = map[string]bool{}
	for _, t := range f.Tokens {
		r.tokens[t] = true
	}
	r.serials = map[string]bool{}
	for _, s := range f.Certificates {
		r.serials[normalSerial(s)] = true
	}
}
