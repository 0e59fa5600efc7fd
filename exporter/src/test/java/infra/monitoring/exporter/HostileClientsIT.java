package infra.monitoring.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import infra.monitoring.common.LogLayout;
import infra.monitoring.common.Timestamps;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar against clients that misbehave, short and bounded (the 60 s runs with timings, side by
 * side with node_exporter, are scripts/bench-exporter-hostile.sh): it stays up, answers only 200 or
 * 503 to a crowd, and one client's slowness or oversized request does not reach another.
 */
class HostileClientsIT {
  @TempDir Path dir;

  @BeforeEach
  void feed() throws IOException {
    Path feed = new LogLayout(dir.resolve("logs")).feedFile(LocalDate.of(2026, 11, 23));
    TestRecords.append(
        feed, TestRecords.line(TestRecords.full(Timestamps.epochSeconds(Instant.now()), 10)));
  }

  ExporterProcess start() throws Exception {
    return ExporterProcess.start(
        dir, Map.of("MONITORING_LOG_ROOT", dir.resolve("logs").toString()));
  }

  /** Status of one answer read from a keep-alive connection; -1 when the server closed it. */
  static int exchange(Socket s, byte[] request) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(request);
    out.flush();
    InputStream in = s.getInputStream();
    StringBuilder head = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      head.append((char) c);
      if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
        break;
      }
    }
    if (c < 0) {
      return -1;
    }
    String h = head.toString();
    int len = 0;
    for (String line : h.split("\r\n")) {
      if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
        len = Integer.parseInt(line.substring(15).strip());
      }
    }
    in.readNBytes(len);
    return Integer.parseInt(h.split(" ")[1]);
  }

  static final byte[] SCRAPE =
      "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  @Test
  void aCrowdOfKeepAliveScrapersGetsOnly200Or503AndTheExporterStaysUp() throws Exception {
    int clients = 300;
    try (ExporterProcess e = start()) {
      Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      List<Future<?>> runs = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        runs.add(
            pool.submit(
                () -> {
                  try (Socket s = new Socket("127.0.0.1", e.port)) {
                    s.setSoTimeout(10_000);
                    while (!stop.get()) {
                      int status = exchange(s, SCRAPE);
                      statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                      if (status < 0) {
                        return null;
                      }
                    }
                  }
                  return null;
                }));
      }
      Thread.sleep(4_000);
      stop.set(true);
      for (Future<?> f : runs) {
        f.get(30, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertThat(statuses.keySet()).as(statuses.toString()).containsAnyOf(200).isSubsetOf(200, 503);
      assertThat(e.process.isAlive()).as(e.log()).isTrue();
      assertThat(Http.get(e.port, "/metrics").statusCode()).isEqualTo(200);
      assertThat(e.log()).doesNotContain("OutOfMemoryError").doesNotContain("Exception");
    }
  }

  @Test
  void oversizedHeadersAreRefusedAndNobodyElseNotices() throws Exception {
    try (ExporterProcess e = start()) {
      List<Socket> big = new ArrayList<>();
      try {
        // As in the issue: connections each sending a header of hundreds of KiB, never ending.
        byte[] chunk = ("X-Fill: " + "a".repeat(16 * 1024)).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 5; i++) {
          Socket s = new Socket("127.0.0.1", e.port);
          s.setSoTimeout(10_000);
          big.add(s);
          OutputStream out = s.getOutputStream();
          out.write("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
          try {
            for (int k = 0; k < 23; k++) { // ~370 KiB
              out.write(chunk);
            }
          } catch (IOException closedOnUs) {
            // the server answered 431 and closed while we were still sending: expected
          }
        }
        assertThat(Http.get(e.port, "/metrics").statusCode()).isEqualTo(200);
        for (Socket s : big) {
          String answer = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
          assertThat(answer).isIn("HTTP/1.1 431", "");
        }
      } catch (java.net.SocketException reset) {
        // a reset is the other acceptable way of being refused
      } finally {
        for (Socket s : big) {
          s.close();
        }
      }
      assertThat(Http.get(e.port, "/health").statusCode()).isEqualTo(200);
      assertThat(e.process.isAlive()).isTrue();
    }
  }

  @Test
  void ahundredStalledClientsThatReconnectDoNotBlockScrapes() throws Exception {
    try (ExporterProcess e = start()) {
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(100);
      for (int i = 0; i < 100; i++) {
        pool.submit(
            () -> {
              while (!stop.get()) {
                try (Socket s = new Socket("127.0.0.1", e.port)) {
                  s.getOutputStream().write("GET /metr".getBytes(StandardCharsets.US_ASCII));
                  s.setSoTimeout(500);
                  while (!stop.get()) {
                    try {
                      if (s.getInputStream().read() < 0) {
                        break; // closed by the server's head deadline: reconnect
                      }
                    } catch (java.net.SocketTimeoutException stillOpen) {
                      // keep stalling
                    }
                  }
                } catch (IOException ignored) {
                  // refused or reset: try again
                }
              }
              return null;
            });
      }
      try {
        Thread.sleep(1_000);
        // Past the 5 s head deadline the stalled clients are closed and come back.
        for (int i = 0; i < 16; i++) {
          assertThat(Http.get(e.port, "/metrics").statusCode()).isEqualTo(200);
          Thread.sleep(500);
        }
      } finally {
        stop.set(true);
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
      }
      assertThat(e.process.isAlive()).isTrue();
    }
  }
}
