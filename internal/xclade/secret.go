package xclade

// Secret holds a credential or key material. Its String and GoString methods
// never reveal the value, so a Secret that slips into a log line, an error
// message or a %+v dump prints as a placeholder instead of the key.
type Secret string

const redactedPlaceholder = "[REDACTED]"

// String implements fmt.Stringer without revealing the value.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redactedPlaceholder
}

// GoString implements fmt.GoStringer without revealing the value.
func (s Secret) GoString() string { return s.String() }

// Reveal returns the raw value. Call it only where the value must leave the
// process: an Authorization header, a request body, Terraform state.
func (s Secret) Reveal() string { return string(s) }
