package infra.monitoring.exporter.http;

import io.prometheus.metrics.exporter.common.PrometheusHttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.exporter.common.PrometheusHttpResponse;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * client_java's {@link PrometheusScrapeHandler} (content negotiation, gzip, {@code name[]} filters)
 * on this server: the handler writes into a buffer that becomes the {@link Response}.
 */
public final class ScrapeExchange implements PrometheusHttpExchange {
  private final Request request;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
  private int status = 500;

  private ScrapeExchange(Request request) {
    this.request = request;
  }

  /** Runs the handler on the request and returns its answer. */
  public static Response scrape(PrometheusScrapeHandler handler, Request request) {
    ScrapeExchange ex = new ScrapeExchange(request);
    try {
      handler.handleRequest(ex);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // nothing here does I/O: the body is a buffer
    }
    return new Response(ex.status, ex.headers, ex.body.toByteArray());
  }

  @Override
  public PrometheusHttpRequest getRequest() {
    return new PrometheusHttpRequest() {
      @Override
      public String getQueryString() {
        return request.rawQuery();
      }

      @Override
      public Enumeration<String> getHeaders(String name) {
        return Collections.enumeration(request.headers().getAll(name));
      }

      @Override
      public String getMethod() {
        return request.method();
      }

      @Override
      public String getRequestPath() {
        return request.path();
      }
    };
  }

  @Override
  public PrometheusHttpResponse getResponse() {
    return new PrometheusHttpResponse() {
      @Override
      public void setHeader(String name, String value) {
        headers.put(name, value);
      }

      @Override
      public OutputStream sendHeadersAndGetBody(int statusCode, int contentLength) {
        status = statusCode;
        return body;
      }
    };
  }

  @Override
  public void handleException(IOException e) throws IOException {
    throw e;
  }

  @Override
  public void handleException(RuntimeException e) {
    throw e;
  }

  @Override
  public void close() {}
}
