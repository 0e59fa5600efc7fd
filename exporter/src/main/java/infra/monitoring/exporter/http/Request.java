package infra.monitoring.exporter.http;

import io.netty.handler.codec.http.HttpHeaders;

/**
 * A request as the service sees it. {@code authenticated} is true when basic auth is off or the
 * request's credentials verified; an open path (such as {@code /health}) is also served without
 * them, and can answer less then.
 */
public record Request(
    String method, String path, String rawQuery, HttpHeaders headers, boolean authenticated) {

  public boolean isHead() {
    return method.equals("HEAD");
  }
}
