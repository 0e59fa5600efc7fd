package infra.monitoring.exporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.exporter.web.BasicAuth;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** The serving layer's defences, each against a client that misbehaves in one way. */
class HttpServerTest {
  final CountDownLatch release = new CountDownLatch(1);
  final CountDownLatch entered = new CountDownLatch(2);
  HttpServer server;

  /** /slow blocks until released (a scrape in progress); /open is open; the rest echo. */
  final Service service =
      new Service() {
        @Override
        public boolean limited(String path) {
          return path.startsWith("/slow") || path.equals("/metrics");
        }

        @Override
        public boolean open(String path) {
          return path.equals("/open");
        }

        @Override
        public Response handle(Request r) {
          if (r.path().equals("/slow")) {
            entered.countDown();
            try {
              release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return Response.text(200, r.path() + " authenticated=" + r.authenticated() + "\n");
        }
      };

  @AfterEach
  void stop() {
    release.countDown();
    if (server != null) {
      server.close();
    }
  }

  int start(Limits limits, BasicAuth auth, Map<String, String> headers) throws Exception {
    server = new HttpServer("127.0.0.1", 0, limits, service, null, auth, headers);
    return server.port();
  }

  static Limits limits(long headMillis, long idleMillis, int maxRequests) {
    return new Limits(headMillis, idleMillis, 30_000, 4096, 8192, 50, maxRequests, 2048, 256);
  }

  @Test
  void oversizedHeadersGet431AndACloseWhileOtherClientsAreServed() throws Exception {
    int port = start(Limits.defaults(40), null, Map.of());
    try (RawClient big = new RawClient(port);
        RawClient many = new RawClient(port);
        RawClient fine = new RawClient(port)) {
      big.send(RawClient.get("/", "X-Big: " + "a".repeat(20_000)));
      assertThat(big.read().status()).isEqualTo(431);
      assertThat(big.closedByServer()).isTrue();
      String[] headers = new String[60];
      for (int i = 0; i < headers.length; i++) {
        headers[i] = "X-H" + i + ": v";
      }
      many.send(RawClient.get("/", headers));
      RawClient.Answer a = many.read();
      assertThat(a.status()).isEqualTo(431);
      assertThat(a.headers()).containsEntry("connection", "close");
      fine.send(RawClient.get("/x"));
      assertThat(fine.read().body()).isEqualTo("/x authenticated=true\n");
    }
  }

  @Test
  void aPortInUseIsAnIoExceptionForTheCallerToReport() throws Exception {
    int port = start(Limits.defaults(40), null, Map.of());
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new HttpServer(
                    "127.0.0.1", port, Limits.defaults(40), service, null, null, Map.of()))
        .isInstanceOf(java.net.BindException.class);
  }

  @Test
  void aRequestLineTooLongGets414() throws Exception {
    int port = start(Limits.defaults(40), null, Map.of());
    try (RawClient c = new RawClient(port)) {
      c.send(RawClient.get("/" + "a".repeat(5000)));
      assertThat(c.read().status()).isEqualTo(414);
    }
  }

  @Test
  void beyondTheLimitTheAnswerIs503AtOnceAndOtherPathsStillAnswer() throws Exception {
    int port = start(limits(5000, 60_000, 2), null, Map.of());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (RawClient third = new RawClient(port);
        RawClient health = new RawClient(port)) {
      List<Future<RawClient.Answer>> slow = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        slow.add(
            pool.submit(
                () -> {
                  try (RawClient c = new RawClient(port)) {
                    return c.send(RawClient.get("/slow")).read();
                  }
                }));
      }
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      RawClient.Answer busy = third.send(RawClient.get("/slow")).read();
      assertThat(busy.status()).isEqualTo(503);
      assertThat(busy.body()).contains("limit 2");
      assertThat(health.send(RawClient.get("/health")).read().status()).isEqualTo(200);
      release.countDown();
      for (Future<RawClient.Answer> f : slow) {
        assertThat(f.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
      }
      // The slots are free again, and the 503'd connection was kept alive.
      assertThat(third.send(RawClient.get("/slow")).read().status()).isEqualTo(200);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aClientThatStallsMidRequestIsClosedAfterTheHeadDeadline() throws Exception {
    int port = start(limits(300, 60_000, 40), null, Map.of());
    try (RawClient stalled = new RawClient(port);
        RawClient fine = new RawClient(port)) {
      stalled.send("GET /metr");
      assertThat(fine.send(RawClient.get("/metrics")).read().status()).isEqualTo(200);
      assertThat(stalled.closedByServer()).isTrue();
    }
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    int port = start(limits(5000, 300, 40), null, Map.of());
    try (RawClient c = new RawClient(port)) {
      assertThat(c.send(RawClient.get("/a")).read().status()).isEqualTo(200);
      assertThat(c.send(RawClient.get("/b")).read().body()).startsWith("/b");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    int port = start(Limits.defaults(40), null, Map.of());
    try (RawClient c = new RawClient(port)) {
      c.send(RawClient.get("/metrics") + RawClient.get("/one") + RawClient.get("/two"));
      assertThat(c.read().body()).startsWith("/metrics ");
      assertThat(c.read().body()).startsWith("/one ");
      assertThat(c.read().body()).startsWith("/two ");
    }
  }

  @Test
  void headAnswersTheLengthWithoutTheBody() throws Exception {
    int port = start(Limits.defaults(40), null, Map.of());
    try (RawClient c = new RawClient(port)) {
      c.send("HEAD /x HTTP/1.1\r\nHost: a\r\n\r\n" + RawClient.get("/y"));
      RawClient.Answer head = c.readHead();
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.headers()).containsEntry("content-length", "22");
      // The HEAD answer carried no body: the next bytes are the GET's answer.
      RawClient.Answer get = c.read();
      assertThat(get.body()).isEqualTo("/y authenticated=true\n");
    }
  }

  @Test
  void basicAuthGuardsAllButOpenPathsAndConfiguredHeadersAreOnEveryAnswer() throws Exception {
    BasicAuth auth = new BasicAuth(Map.of("prom", BCrypt.hashpw("pw", BCrypt.gensalt(4))));
    int port = start(Limits.defaults(40), auth, Map.of("X-Frame-Options", "deny"));
    String good =
        "Authorization: Basic " + Base64.getEncoder().encodeToString("prom:pw".getBytes());
    String bad = "Authorization: Basic " + Base64.getEncoder().encodeToString("prom:no".getBytes());
    try (RawClient c = new RawClient(port)) {
      RawClient.Answer none = c.send(RawClient.get("/metrics")).read();
      assertThat(none.status()).isEqualTo(401);
      assertThat(none.headers())
          .containsEntry("www-authenticate", "Basic")
          .containsEntry("x-frame-options", "deny");
      assertThat(c.send(RawClient.get("/metrics", bad)).read().status()).isEqualTo(401);
      RawClient.Answer ok = c.send(RawClient.get("/metrics", good)).read();
      assertThat(ok.status()).isEqualTo(200);
      assertThat(ok.headers()).containsEntry("x-frame-options", "deny");
      assertThat(c.send(RawClient.get("/x", good)).read().status()).isEqualTo(200);
      assertThat(c.send(RawClient.get("/open")).read().body())
          .isEqualTo("/open authenticated=false\n");
      assertThat(c.send(RawClient.get("/open", good)).read().body())
          .isEqualTo("/open authenticated=true\n");
    }
  }
}
