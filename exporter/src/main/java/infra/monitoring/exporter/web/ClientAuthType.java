package infra.monitoring.exporter.web;

/**
 * exporter-toolkit's {@code client_auth_type} values (Go's {@code tls.ClientAuthType}): whether a
 * client certificate is asked for, required, and checked against {@code client_ca_file}.
 */
public enum ClientAuthType {
  NO_CLIENT_CERT("NoClientCert", false, false, false),
  REQUEST_CLIENT_CERT("RequestClientCert", true, false, false),
  REQUIRE_ANY_CLIENT_CERT("RequireAnyClientCert", true, true, false),
  VERIFY_CLIENT_CERT_IF_GIVEN("VerifyClientCertIfGiven", true, false, true),
  REQUIRE_AND_VERIFY_CLIENT_CERT("RequireAndVerifyClientCert", true, true, true);

  final String yamlName;
  final boolean asks;
  final boolean requires;
  final boolean verifies;

  ClientAuthType(String yamlName, boolean asks, boolean requires, boolean verifies) {
    this.yamlName = yamlName;
    this.asks = asks;
    this.requires = requires;
    this.verifies = verifies;
  }

  /** The value as written in the file; {@code ""} and the toolkit's old alias are accepted. */
  static ClientAuthType parse(String s) {
    if (s.isEmpty()) {
      return NO_CLIENT_CERT;
    }
    if (s.equals("RequireClientCert")) { // kept by the toolkit for backwards compatibility
      return REQUIRE_ANY_CLIENT_CERT;
    }
    for (ClientAuthType t : values()) {
      if (t.yamlName.equals(s)) {
        return t;
      }
    }
    return null;
  }

  public String yamlName() {
    return yamlName;
  }
}
