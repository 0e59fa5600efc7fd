package infra.monitoring.exporter.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS context built from {@code tls_server_config}, re-built when the certificate, key
 * or client CA file changes (checked at most once a second, when a connection arrives), so a
 * rotated certificate is served without a restart. At start every problem is fatal; later, a
 * changed file that does not load (half written, mismatched, expired) is logged and the previous
 * certificate stays in use.
 */
public final class TlsContext {
  private static final Logger log = LoggerFactory.getLogger(TlsContext.class);
  private static final long CHECK_EVERY_NANOS = 1_000_000_000L;

  private record Loaded(SSLContext context, List<String> stamps, Instant notAfter) {}

  private final TlsSettings settings;
  private final LongSupplier nanoTime;
  private volatile Loaded loaded;
  private volatile long lastCheck;
  private volatile List<String> lastFailedStamps;

  private TlsContext(TlsSettings settings, LongSupplier nanoTime, Loaded loaded) {
    this.settings = settings;
    this.nanoTime = nanoTime;
    this.loaded = loaded;
    this.lastCheck = nanoTime.getAsLong();
  }

  /** Loads and checks everything once; a problem is one line naming the file and the key. */
  public static TlsContext create(TlsSettings settings) throws WebConfigException {
    return create(settings, System::nanoTime);
  }

  static TlsContext create(TlsSettings settings, LongSupplier nanoTime) throws WebConfigException {
    return new TlsContext(settings, nanoTime, load(settings));
  }

  /** A server-side engine with the configured protocols and client-certificate policy. */
  public SSLEngine newEngine() {
    maybeReload();
    SSLEngine e = loaded.context.createSSLEngine();
    e.setUseClientMode(false);
    SSLParameters p = e.getSSLParameters();
    p.setProtocols(settings.protocols().toArray(String[]::new));
    ClientAuthType a = settings.clientAuth();
    if (a.requires) {
      p.setNeedClientAuth(true);
    } else if (a.asks) {
      p.setWantClientAuth(true);
    }
    e.setSSLParameters(p);
    return e;
  }

  /** The served certificate's end of validity. */
  public Instant notAfter() {
    return loaded.notAfter;
  }

  void maybeReload() {
    long now = nanoTime.getAsLong();
    if (now - lastCheck < CHECK_EVERY_NANOS) {
      return;
    }
    synchronized (this) {
      if (now - lastCheck < CHECK_EVERY_NANOS) {
        return;
      }
      lastCheck = now;
      List<String> stamps = stamps(settings);
      if (stamps.equals(loaded.stamps) || stamps.equals(lastFailedStamps)) {
        return;
      }
      try {
        loaded = load(settings);
        lastFailedStamps = null;
        log.info(
            "TLS certificate re-read from {} (valid until {})",
            settings.certFile(),
            loaded.notAfter);
      } catch (WebConfigException e) {
        lastFailedStamps = stamps;
        log.error("{}; the previous certificate stays in use", e.getMessage());
      }
    }
  }

  private static Loaded load(TlsSettings s) throws WebConfigException {
    List<String> stamps = stamps(s);
    List<X509Certificate> chain;
    try {
      chain = PemFiles.certificates(s.certFile());
    } catch (IOException | CertificateException e) {
      throw bad(s, "cert_file", s.certFile(), problem(e));
    }
    X509Certificate leaf = chain.get(0);
    try {
      leaf.checkValidity();
    } catch (CertificateExpiredException e) {
      throw bad(
          s, "cert_file", s.certFile(), "certificate expired at " + leaf.getNotAfter().toInstant());
    } catch (CertificateNotYetValidException e) {
      throw bad(
          s,
          "cert_file",
          s.certFile(),
          "certificate not valid before " + leaf.getNotBefore().toInstant());
    }
    PrivateKey key;
    try {
      key = PemFiles.privateKey(s.keyFile());
    } catch (IOException | GeneralSecurityException e) {
      throw bad(s, "key_file", s.keyFile(), problem(e));
    }
    if (!PemFiles.matches(key, leaf.getPublicKey())) {
      throw bad(s, "key_file", s.keyFile(), "the key does not match cert_file " + s.certFile());
    }
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      char[] none = new char[0];
      ks.setKeyEntry("server", key, none, chain.toArray(X509Certificate[]::new));
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, none);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), trustManagers(s), null);
      return new Loaded(ctx, stamps, leaf.getNotAfter().toInstant());
    } catch (IOException | GeneralSecurityException e) {
      throw bad(s, "cert_file", s.certFile(), "cannot build a TLS context: " + problem(e));
    }
  }

  private static TrustManager[] trustManagers(TlsSettings s)
      throws WebConfigException, GeneralSecurityException, IOException {
    ClientAuthType a = s.clientAuth();
    if (!a.asks) {
      return null;
    }
    if (!a.verifies) {
      // RequestClientCert and RequireAnyClientCert take any certificate without checking it.
      return new TrustManager[] {new AnyClientCertificate()};
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    if (s.clientCaFile() == null) {
      tmf.init((KeyStore) null); // the system's roots, as Go verifies without client_ca_file
      return tmf.getTrustManagers();
    }
    List<X509Certificate> cas;
    try {
      cas = PemFiles.certificates(s.clientCaFile());
    } catch (IOException | CertificateException e) {
      throw bad(s, "client_ca_file", s.clientCaFile(), problem(e));
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    for (int i = 0; i < cas.size(); i++) {
      ks.setCertificateEntry("ca-" + i, cas.get(i));
    }
    tmf.init(ks);
    return tmf.getTrustManagers();
  }

  /** Modification time, size and identity of each file: what tells a rotation. */
  private static List<String> stamps(TlsSettings s) {
    List<String> out = new ArrayList<>();
    for (Path p : new Path[] {s.certFile(), s.keyFile(), s.clientCaFile()}) {
      if (p == null) {
        continue;
      }
      try {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        out.add(a.lastModifiedTime() + "/" + a.size() + "/" + Objects.toString(a.fileKey()));
      } catch (IOException e) {
        out.add("unreadable");
      }
    }
    return out;
  }

  private static String problem(Exception e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    String m = e.getMessage();
    return m == null
        ? e.getClass().getSimpleName()
        : String.join(" ", m.strip().split("\\s*\\R\\s*"));
  }

  private static WebConfigException bad(TlsSettings s, String key, Path file, String problem) {
    return new WebConfigException(
        s.configFile() + ": tls_server_config." + key + " (" + file + "): " + problem);
  }
}
