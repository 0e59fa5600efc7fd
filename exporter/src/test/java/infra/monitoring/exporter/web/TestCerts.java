package infra.monitoring.exporter.web;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Throwaway test PKI made at test time (nothing secret is committed): a CA, and certificates it
 * signs for the server (127.0.0.1, localhost) and a client, with keys written as PKCS#1, SEC1 or
 * PKCS#8 PEM.
 */
public final class TestCerts {
  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

  /** A key and its certificate. */
  public record Issued(KeyPair keys, X509Certificate cert) {}

  /** How a private key is written. */
  public enum KeyFormat {
    PKCS1_OR_SEC1,
    PKCS8
  }

  private TestCerts() {}

  public static KeyPair rsa() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    return g.generateKeyPair();
  }

  public static KeyPair ec() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  public static Issued ca() throws Exception {
    KeyPair k = ec();
    return new Issued(k, sign("CN=test CA", k, "CN=test CA", k.getPrivate(), true, valid()));
  }

  /** A server certificate for 127.0.0.1 and localhost. */
  public static Issued server(Issued ca, KeyPair keys, Instant[] validity) throws Exception {
    return new Issued(
        keys, sign("CN=127.0.0.1", keys, "CN=test CA", ca.keys().getPrivate(), false, validity));
  }

  public static Issued client(Issued ca) throws Exception {
    KeyPair k = ec();
    return new Issued(
        k, sign("CN=scraper", k, "CN=test CA", ca.keys().getPrivate(), false, valid()));
  }

  /** From an hour ago to a day ahead. */
  public static Instant[] valid() {
    Instant now = Instant.now();
    return new Instant[] {now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1))};
  }

  /** Ended an hour ago. */
  public static Instant[] expired() {
    Instant now = Instant.now();
    return new Instant[] {now.minus(Duration.ofDays(2)), now.minus(Duration.ofHours(1))};
  }

  private static X509Certificate sign(
      String subject,
      KeyPair keys,
      String issuer,
      PrivateKey issuerKey,
      boolean isCa,
      Instant[] validity)
      throws Exception {
    var b =
        new JcaX509v3CertificateBuilder(
            new X500Name(issuer),
            BigInteger.valueOf(SERIAL.incrementAndGet()),
            Date.from(validity[0]),
            Date.from(validity[1]),
            new X500Name(subject),
            keys.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
    if (!isCa) {
      b.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost")
              }));
    }
    String alg = issuerKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    return new JcaX509CertificateConverter()
        .getCertificate(b.build(new JcaContentSignerBuilder(alg).build(issuerKey)));
  }

  public static Path writeCert(Path file, X509Certificate... certs) throws IOException {
    StringWriter s = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(s)) {
      for (X509Certificate c : certs) {
        w.writeObject(c);
      }
    }
    Files.writeString(file, s.toString(), StandardCharsets.US_ASCII);
    return file;
  }

  public static Path writeKey(Path file, PrivateKey key, KeyFormat format) throws IOException {
    StringWriter s = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(s)) {
      if (format == KeyFormat.PKCS8) {
        w.writeObject(new JcaPKCS8Generator(key, null));
      } else if (key.getAlgorithm().equals("EC")) {
        // SEC1 with its curve named inside, as openssl ecparam -genkey writes it.
        PrivateKeyInfo pki = PrivateKeyInfo.getInstance(key.getEncoded());
        ECPrivateKey inner = ECPrivateKey.getInstance(pki.parsePrivateKey());
        ECPrivateKey sec1 =
            new ECPrivateKey(
                256, inner.getKey(), null, pki.getPrivateKeyAlgorithm().getParameters());
        w.writeObject(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
      } else {
        w.writeObject(key); // RSA PRIVATE KEY (PKCS#1) or EC PRIVATE KEY (SEC1)
      }
    }
    Files.writeString(file, s.toString(), StandardCharsets.US_ASCII);
    return file;
  }
}
