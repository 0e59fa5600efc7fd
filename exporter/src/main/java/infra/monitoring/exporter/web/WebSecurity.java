package infra.monitoring.exporter.web;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the web config file turns on: TLS (null = plain HTTP), basic auth (null = off) and extra
 * response headers. {@link #NONE} without a file.
 */
public record WebSecurity(TlsContext tls, BasicAuth auth, Map<String, String> headers) {
  public static final WebSecurity NONE = new WebSecurity(null, null, Map.of());

  /** Reads the file and loads its certificates; one line naming the file and key on a problem. */
  public static WebSecurity load(Path file) throws WebConfigException {
    WebConfig c = WebConfig.load(file);
    TlsContext tls = c.tls() == null ? null : TlsContext.create(c.tls());
    BasicAuth auth = c.authEnabled() ? new BasicAuth(c.users()) : null;
    return new WebSecurity(tls, auth, c.headers());
  }
}
