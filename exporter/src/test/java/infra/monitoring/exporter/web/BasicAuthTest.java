package infra.monitoring.exporter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** bcrypt users: htpasswd's $2y$ hashes verify, a verified login is remembered, failures not. */
class BasicAuthTest {
  // htpasswd -B writes $2y$, which is the same algorithm as $2a$.
  final String hash = "$2y$" + BCrypt.hashpw("s3cret", BCrypt.gensalt(4)).substring(4);
  final BasicAuth auth = new BasicAuth(Map.of("prometheus", hash));

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void missingOrMalformedCredentialsAreDeniedWithoutBcrypt() {
    assertThat(auth.quick(null)).isEqualTo(BasicAuth.Quick.DENIED);
    assertThat(auth.quick("Bearer x")).isEqualTo(BasicAuth.Quick.DENIED);
    assertThat(auth.quick("Basic !!!")).isEqualTo(BasicAuth.Quick.DENIED);
    assertThat(auth.quick("Basic " + Base64.getEncoder().encodeToString("nocolon".getBytes())))
        .isEqualTo(BasicAuth.Quick.DENIED);
  }

  @Test
  void aVerifiedLoginIsRememberedAndAWrongOneIsNot() {
    String good = basic("prometheus", "s3cret");
    assertThat(auth.quick(good)).isEqualTo(BasicAuth.Quick.VERIFY);
    assertThat(auth.verify(good)).isTrue();
    assertThat(auth.quick(good)).isEqualTo(BasicAuth.Quick.ALLOWED);

    String bad = basic("prometheus", "s3cret!");
    assertThat(auth.verify(bad)).isFalse();
    assertThat(auth.quick(bad)).isEqualTo(BasicAuth.Quick.VERIFY);
    assertThat(auth.verify(basic("nobody", "s3cret"))).isFalse();
    assertThat(auth.verify(basic("prometheus", "x".repeat(100)))).isFalse();
  }

  @Test
  void passwordsWithColonsAndNonAsciiNamesWork() {
    String h = BCrypt.hashpw("a:b:c", BCrypt.gensalt(4));
    BasicAuth a = new BasicAuth(Map.of("jos\u00e9", h));
    assertThat(a.verify(basic("jos\u00e9", "a:b:c"))).isTrue();
  }

  @Test
  void onlyBcryptHashesOfAValidCostAreAccepted() {
    assertThat(BasicAuth.isBcryptHash(hash)).isTrue();
    assertThat(BasicAuth.isBcryptHash(BCrypt.hashpw("x", BCrypt.gensalt(10)))).isTrue();
    assertThat(BasicAuth.isBcryptHash("s3cret")).isFalse();
    assertThat(BasicAuth.isBcryptHash(hash.replace("$04$", "$03$"))).isFalse();
    assertThat(BasicAuth.isBcryptHash("{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=")).isFalse();
  }
}
