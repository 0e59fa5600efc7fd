package infra.monitoring.exporter.gapfill;

import infra.monitoring.common.settings.ConfigException;
import infra.monitoring.exporter.web.PemFiles;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The client TLS of the remote-write requests, as Prometheus' {@code tls_config}: the CA file to
 * trust (else the JDK's), a client certificate and key (PEM, the forms the web config reads),
 * {@code insecure_skip_verify}, and {@code server_name}, the name the receiver's certificate must
 * carry when it differs from the URL's host (the JDK's client still sends the URL's host as SNI).
 */
final class ClientTls {
  private ClientTls() {}

  static SSLContext context(GapFillSettings s) {
    try {
      KeyManager[] keys = null;
      if (s.tlsCertFile() != null) {
        List<X509Certificate> chain = PemFiles.certificates(s.tlsCertFile());
        PrivateKey key = PemFiles.privateKey(s.tlsKeyFile());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", key, new char[0], chain.toArray(new X509Certificate[0]));
        KeyManagerFactory kmf =
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        keys = kmf.getKeyManagers();
      }
      TrustManager trust;
      if (s.tlsInsecureSkipVerify()) {
        trust = new TrustAll();
      } else {
        KeyStore ts = null;
        if (s.tlsCaFile() != null) {
          ts = KeyStore.getInstance("PKCS12");
          ts.load(null, null);
          int i = 0;
          for (X509Certificate c : PemFiles.certificates(s.tlsCaFile())) {
            ts.setCertificateEntry("ca" + i++, c);
          }
        }
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        X509TrustManager base = (X509TrustManager) tmf.getTrustManagers()[0];
        trust = s.tlsServerName() == null ? base : new NamedServer(base, s.tlsServerName());
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(keys, new TrustManager[] {trust}, null);
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException("MONITORING_GAPFILL_TLS_*: " + e.getMessage());
    }
  }

  /** True when the certificate names {@code host} (DNS subject alternative names, one wildcard). */
  static boolean names(X509Certificate c, String host) throws CertificateParsingException {
    String h = host.toLowerCase(Locale.ROOT);
    if (c.getSubjectAlternativeNames() == null) {
      return false;
    }
    for (List<?> san : c.getSubjectAlternativeNames()) {
      if (!(san.get(0) instanceof Integer type) || !(san.get(1) instanceof String name)) {
        continue;
      }
      String n = name.toLowerCase(Locale.ROOT);
      if ((type == 2 || type == 7) && n.equals(h)) {
        return true;
      }
      if (type == 2 && n.startsWith("*.")) {
        int dot = h.indexOf('.');
        if (dot > 0 && h.substring(dot).equals(n.substring(1))) {
          return true;
        }
      }
    }
    return false;
  }

  /** A client's trust manager: it never judges a client's certificate. */
  private abstract static class ServerOnly extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("client side only");
    }
  }

  /** The JDK's chain check, then the certificate's names against the configured server name. */
  private static final class NamedServer extends ServerOnly {
    private final X509TrustManager base;
    private final String serverName;

    NamedServer(X509TrustManager base, String serverName) {
      this.base = base;
      this.serverName = serverName;
    }

    private void check(X509Certificate[] chain, String authType) throws CertificateException {
      base.checkServerTrusted(chain, authType); // the two-argument form checks no host name
      if (!names(chain[0], serverName)) {
        throw new CertificateException(
            "the receiver's certificate does not name " + serverName + " (TLS server name)");
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      check(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      check(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      check(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return base.getAcceptedIssuers();
    }
  }

  /** {@code insecure_skip_verify}: any certificate, any name. */
  private static final class TrustAll extends ServerOnly {
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
