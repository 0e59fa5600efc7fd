package infra.monitoring.exporter.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A whole answer: status, headers and body. For a HEAD request the server sends the headers and the
 * body's length without the body.
 */
public record Response(int status, Map<String, String> headers, byte[] body) {

  /** A text or JSON answer of the given type. */
  public static Response of(int status, String contentType, String body) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", contentType);
    return new Response(status, h, body.getBytes(StandardCharsets.UTF_8));
  }

  /** A plain-text answer. */
  public static Response text(int status, String body) {
    return of(status, "text/plain; charset=utf-8", body);
  }

  /** The same answer with one more header. */
  public Response with(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new Response(status, h, body);
  }
}
