package infra.monitoring.exporter.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A socket speaking HTTP/1.1 by hand, to send what well-behaved clients never send. */
final class RawClient implements AutoCloseable {
  record Answer(int status, Map<String, String> headers, String body) {}

  final Socket socket;

  RawClient(int port) throws IOException {
    this(new Socket("127.0.0.1", port));
  }

  RawClient(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(15_000); // a safety net: the server is expected to act well before
  }

  RawClient send(String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return this;
  }

  static String get(String path, String... headers) {
    StringBuilder b = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (String h : headers) {
      b.append(h).append("\r\n");
    }
    return b.append("\r\n").toString();
  }

  /** Reads one answer (head and Content-Length body). */
  Answer read() throws IOException {
    return read(false);
  }

  /** Reads the answer to a HEAD request: its Content-Length describes no body. */
  Answer readHead() throws IOException {
    return read(true);
  }

  private Answer read(boolean headOnly) throws IOException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      head.write(c);
      byte[] h = head.toByteArray();
      int n = h.length;
      if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
        break;
      }
    }
    if (c < 0) {
      throw new IOException("closed before an answer: " + head);
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).strip());
    }
    int len = headOnly ? 0 : Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(len);
    return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  /** True when the server closed the connection (end of stream or reset). */
  boolean closedByServer() {
    try {
      return socket.getInputStream().read() < 0;
    } catch (IOException e) {
      return !e.getMessage().contains("timed out");
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
