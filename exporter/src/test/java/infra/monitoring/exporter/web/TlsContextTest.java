package infra.monitoring.exporter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import infra.monitoring.exporter.web.TestCerts.Issued;
import infra.monitoring.exporter.web.TestCerts.KeyFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificates and keys: the three PEM key forms, refusals at start, rotation without restart. */
class TlsContextTest {
  @TempDir Path dir;
  final AtomicLong clock = new AtomicLong();

  TlsSettings settings(ClientAuthType auth, Path ca) {
    return new TlsSettings(
        dir.resolve("web.yml"),
        dir.resolve("server.crt"),
        dir.resolve("server.key"),
        auth,
        ca,
        List.of("TLSv1.2", "TLSv1.3"));
  }

  Issued write(Issued ca, KeyPair keys, Instant[] validity, KeyFormat f) throws Exception {
    Issued s = TestCerts.server(ca, keys, validity);
    TestCerts.writeCert(dir.resolve("server.crt"), s.cert(), ca.cert());
    TestCerts.writeKey(dir.resolve("server.key"), keys.getPrivate(), f);
    return s;
  }

  String refused() {
    Throwable t =
        catchThrowable(() -> TlsContext.create(settings(ClientAuthType.NO_CLIENT_CERT, null)));
    assertThat(t).isInstanceOf(WebConfigException.class);
    assertThat(t.getMessage()).startsWith(dir.resolve("web.yml") + ": tls_server_config.");
    return t.getMessage();
  }

  @Test
  void rsaAndEcKeysLoadInEveryPemForm() throws Exception {
    Issued ca = TestCerts.ca();
    for (KeyPair k : new KeyPair[] {TestCerts.rsa(), TestCerts.ec()}) {
      for (KeyFormat f : KeyFormat.values()) {
        String pem =
            Files.readString(TestCerts.writeKey(dir.resolve("probe.key"), k.getPrivate(), f));
        assertThat(pem).containsAnyOf("RSA PRIVATE KEY", "EC PRIVATE KEY", "BEGIN PRIVATE KEY");
        Issued s = write(ca, k, TestCerts.valid(), f);
        TlsContext t = TlsContext.create(settings(ClientAuthType.NO_CLIENT_CERT, null));
        assertThat(t.notAfter()).isEqualTo(s.cert().getNotAfter().toInstant());
        assertThat(t.newEngine().getEnabledProtocols())
            .containsExactlyInAnyOrder("TLSv1.2", "TLSv1.3");
      }
    }
  }

  @Test
  void clientAuthTypesSetWantOrNeed() throws Exception {
    Issued ca = TestCerts.ca();
    write(ca, TestCerts.ec(), TestCerts.valid(), KeyFormat.PKCS8);
    Path caFile = TestCerts.writeCert(dir.resolve("ca.crt"), ca.cert());
    var need =
        TlsContext.create(settings(ClientAuthType.REQUIRE_AND_VERIFY_CLIENT_CERT, caFile))
            .newEngine();
    assertThat(need.getNeedClientAuth()).isTrue();
    var want =
        TlsContext.create(settings(ClientAuthType.VERIFY_CLIENT_CERT_IF_GIVEN, caFile)).newEngine();
    assertThat(want.getWantClientAuth()).isTrue();
    assertThat(want.getNeedClientAuth()).isFalse();
    var none = TlsContext.create(settings(ClientAuthType.NO_CLIENT_CERT, null)).newEngine();
    assertThat(none.getWantClientAuth() || none.getNeedClientAuth()).isFalse();
  }

  @Test
  void aKeyOfAnotherCertificateIsRefused() throws Exception {
    Issued ca = TestCerts.ca();
    write(ca, TestCerts.rsa(), TestCerts.valid(), KeyFormat.PKCS1_OR_SEC1);
    TestCerts.writeKey(dir.resolve("server.key"), TestCerts.rsa().getPrivate(), KeyFormat.PKCS8);
    assertThat(refused())
        .contains("key_file (" + dir.resolve("server.key") + "): the key does not match");
  }

  @Test
  void anExpiredCertificateIsRefused() throws Exception {
    write(TestCerts.ca(), TestCerts.ec(), TestCerts.expired(), KeyFormat.PKCS8);
    assertThat(refused())
        .contains("cert_file (" + dir.resolve("server.crt") + "): certificate expired at");
  }

  @Test
  void missingOrNonPemFilesAreRefused() throws Exception {
    assertThat(refused()).contains("cert_file").contains("no such file");
    write(TestCerts.ca(), TestCerts.ec(), TestCerts.valid(), KeyFormat.PKCS8);
    Files.writeString(dir.resolve("server.key"), "not a key\n");
    assertThat(refused()).contains("key_file").contains("no PEM private key");
  }

  @Test
  void aRotatedCertificateIsServedAndABrokenOneIsNot() throws Exception {
    Issued ca = TestCerts.ca();
    Issued first = write(ca, TestCerts.ec(), TestCerts.valid(), KeyFormat.PKCS8);
    TlsContext t = TlsContext.create(settings(ClientAuthType.NO_CLIENT_CERT, null), clock::get);
    assertThat(t.notAfter()).isEqualTo(first.cert().getNotAfter().toInstant());

    Instant[] later = TestCerts.valid();
    later[1] = later[1].plus(3, ChronoUnit.DAYS);
    Issued second = write(ca, TestCerts.rsa(), later, KeyFormat.PKCS1_OR_SEC1);
    t.newEngine(); // within the check interval: not looked at yet
    assertThat(t.notAfter()).isEqualTo(first.cert().getNotAfter().toInstant());
    clock.addAndGet(2_000_000_000L);
    t.newEngine();
    assertThat(t.notAfter()).isEqualTo(second.cert().getNotAfter().toInstant());

    // Half-way through a rotation the key does not match yet: the old pair stays in use.
    TestCerts.writeKey(dir.resolve("server.key"), TestCerts.ec().getPrivate(), KeyFormat.PKCS8);
    clock.addAndGet(2_000_000_000L);
    t.newEngine();
    assertThat(t.notAfter()).isEqualTo(second.cert().getNotAfter().toInstant());
  }
}
