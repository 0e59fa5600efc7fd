package infra.monitoring.exporter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** The web config file: the toolkit's subset read, everything else refused in one line. */
class WebConfigTest {
  @TempDir Path dir;

  static final String HASH = "$2y$10$" + BCrypt.hashpw("pw", BCrypt.gensalt(4)).substring(7);

  WebConfig load(String yaml) throws Exception {
    Path f = dir.resolve("web.yml");
    Files.writeString(f, yaml);
    return WebConfig.load(f);
  }

  String refused(String yaml) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> load(yaml));
    assertThat(t).isInstanceOf(WebConfigException.class);
    assertThat(t.getMessage()).startsWith(dir.resolve("web.yml") + ": ").doesNotContain("\n");
    return t.getMessage();
  }

  @Test
  void aNodeExporterFileIsReadWithPathsRelativeToItsDirectory() throws Exception {
    WebConfig c =
        load(
            """
            tls_server_config:
              cert_file: tls/server.crt
              key_file: /abs/server.key
              client_auth_type: RequireAndVerifyClientCert
              client_ca_file: ca.crt
              min_version: TLS13
            http_server_config:
              http2: false
              headers:
                X-Frame-Options: deny
                Strict-Transport-Security: max-age=31536000
                Content-Security-Policy: ""
            basic_auth_users:
              prometheus: %s
            """
                .formatted(HASH));
    TlsSettings t = c.tls();
    assertThat(t.certFile()).isEqualTo(dir.resolve("tls/server.crt"));
    assertThat(t.keyFile()).isEqualTo(Path.of("/abs/server.key"));
    assertThat(t.clientCaFile()).isEqualTo(dir.resolve("ca.crt"));
    assertThat(t.clientAuth()).isEqualTo(ClientAuthType.REQUIRE_AND_VERIFY_CLIENT_CERT);
    assertThat(t.protocols()).isEqualTo(List.of("TLSv1.3"));
    assertThat(c.headers())
        .isEqualTo(
            Map.of("X-Frame-Options", "deny", "Strict-Transport-Security", "max-age=31536000"));
    assertThat(c.users()).isEqualTo(Map.of("prometheus", HASH));
  }

  @Test
  void anEmptyFileOrEmptyTlsBlockMeansPlainHttpWithoutAuth() throws Exception {
    WebConfig empty = load("");
    assertThat(empty.tls()).isNull();
    assertThat(empty.authEnabled()).isFalse();
    assertThat(load("tls_server_config: {}\n").tls()).isNull();
  }

  @Test
  void defaultVersionsAreTls12To13() throws Exception {
    WebConfig c = load("tls_server_config:\n  cert_file: a\n  key_file: b\n");
    assertThat(c.tls().protocols()).isEqualTo(List.of("TLSv1.2", "TLSv1.3"));
    assertThat(c.tls().clientAuth()).isEqualTo(ClientAuthType.NO_CLIENT_CERT);
  }

  @Test
  void allFiveClientAuthTypesAndTheOldAliasAreRead() throws Exception {
    for (ClientAuthType t : ClientAuthType.values()) {
      String ca = t == ClientAuthType.NO_CLIENT_CERT ? "" : "  client_ca_file: ca\n";
      WebConfig c =
          load(
              "tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: "
                  + t.yamlName()
                  + "\n"
                  + ca);
      assertThat(c.tls().clientAuth()).isEqualTo(t);
    }
    assertThat(
            load("tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: RequireClientCert\n")
                .tls()
                .clientAuth())
        .isEqualTo(ClientAuthType.REQUIRE_ANY_CLIENT_CERT);
  }

  @Test
  void unknownKeysAreRefusedNamingTheKey() {
    assertThat(refused("tls_server_config:\n  cert_fil: a\n"))
        .contains("tls_server_config.cert_fil: unknown key");
    assertThat(refused("basic_auth_user:\n  a: b\n")).contains("basic_auth_user: unknown key");
    assertThat(refused("http_server_config:\n  headers:\n    X-Powered-By: me\n"))
        .contains("http_server_config.headers.X-Powered-By: this header can not be configured");
  }

  @Test
  void toolkitKeysOutsideTheSubsetSaySo() {
    assertThat(refused("rate_limit:\n  interval: 1s\n  burst: 2\n"))
        .contains("rate_limit: not supported by this exporter");
    assertThat(refused("tls_server_config:\n  cipher_suites: [TLS_AES_128_GCM_SHA256]\n"))
        .contains("tls_server_config.cipher_suites: not supported");
  }

  @Test
  void aPlainTextPasswordIsRefusedWithoutEchoingIt() {
    String m = refused("basic_auth_users:\n  alice: hunter2hunter2\n");
    assertThat(m).contains("basic_auth_users.alice: not a bcrypt hash").doesNotContain("hunter2");
  }

  @Test
  void badValuesAreRefusedNamingTheKey() {
    assertThat(
            refused("tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: Yes\n"))
        .contains("tls_server_config.client_auth_type: expected one of");
    assertThat(refused("tls_server_config:\n  cert_file: a\n  key_file: b\n  client_ca_file: c\n"))
        .contains("tls_server_config.client_ca_file: is set but client_auth_type is NoClientCert");
    assertThat(refused("tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: TLS14\n"))
        .contains("tls_server_config.min_version: expected one of");
    assertThat(
            refused(
                "tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: TLS13\n"
                    + "  max_version: TLS12\n"))
        .contains("min_version: TLS13 is above max_version TLS12");
    assertThat(refused("tls_server_config:\n  key_file: b\n"))
        .contains("tls_server_config.cert_file: missing");
    assertThat(refused("http_server_config:\n  headers:\n    X-Frame-Options: allow\n"))
        .contains("X-Frame-Options: expected one of [deny, sameorigin]");
    assertThat(refused("tls_server_config: [a, b]\n"))
        .contains("tls_server_config: expected a mapping");
    assertThat(refused("a: b\na: c\n")).contains("not valid YAML");
  }

  @Test
  void anUnreadableFileIsRefusedNamingIt() {
    Throwable t =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> WebConfig.load(dir.resolve("missing.yml")));
    assertThat(t)
        .isInstanceOf(WebConfigException.class)
        .hasMessageStartingWith(dir.resolve("missing.yml") + ": cannot read");
    assertThatThrownBy(() -> WebConfig.load(dir)).isInstanceOf(WebConfigException.class);
  }
}
