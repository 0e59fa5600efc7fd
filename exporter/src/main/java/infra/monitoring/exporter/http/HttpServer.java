package infra.monitoring.exporter.http;

import infra.monitoring.exporter.web.BasicAuth;
import infra.monitoring.exporter.web.TlsContext;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannelRecvByteBufAllocator;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The exporter's HTTP/1.1 server on Netty's NIO transport. Two I/O threads accept, read and write
 * every connection without blocking, so a client that stalls mid-request holds a few KiB of heap
 * and no thread; request heads are parsed incrementally with the {@link Limits}. Limited requests
 * (scrapes) run on a small worker pool and never queue beyond the concurrency limit: past it the
 * answer is 503 at once, as node_exporter's {@code --web.max-requests}. bcrypt checks run on their
 * own thread with a short bounded queue, so failed logins cannot delay scrapes that carry verified
 * credentials. With a {@link TlsContext} every connection starts with a TLS handshake made from the
 * current certificate.
 */
public final class HttpServer implements AutoCloseable {
  static {
    // Read by Netty when its classes initialise, so set before the first one is used.
    // Unpooled buffers: an exporter answers a few scrapes a minute, and pooled arenas keep
    // several MiB resident for nothing (measured: ~4 MiB of VmHWM).
    setIfAbsent("io.netty.allocator.type", "unpooled");
    // Netty 4.2 loads the JDK's flight recorder classes to emit allocator events otherwise.
    setIfAbsent("io.netty.jfr.enabled", "false");
  }

  /** Failed logins waiting for bcrypt beyond this get 503. */
  static final int MAX_PENDING_VERIFICATIONS = 8;

  final Limits limits;
  final Service service;
  final BasicAuth auth;
  final Map<String, String> extraHeaders;
  final ExecutorService workers;
  final ExecutorService verifier;
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger verifying = new AtomicInteger();
  final AtomicInteger connections = new AtomicInteger();
  private final TlsContext tls;
  private final EventLoopGroup group;
  private final Channel channel;

  /**
   * Binds and starts serving.
   *
   * @param tls null for plain HTTP
   * @param auth null when basic auth is off
   * @param extraHeaders added to every answer (the web config's {@code http_server_config.headers})
   */
  public HttpServer(
      String addr,
      int port,
      Limits limits,
      Service service,
      TlsContext tls,
      BasicAuth auth,
      Map<String, String> extraHeaders)
      throws IOException {
    this.limits = limits;
    this.service = service;
    this.tls = tls;
    this.auth = auth;
    this.extraHeaders = Map.copyOf(extraHeaders);
    // Scrapes are CPU work on a 1-2 core budget: two threads; the queue never holds more than the
    // concurrency limit because a request takes a slot before it is queued.
    int n = Math.min(2, limits.maxRequests());
    this.workers =
        new ThreadPoolExecutor(
            n, n, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemons("http-worker"));
    this.verifier =
        new ThreadPoolExecutor(
            0, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemons("http-bcrypt"));
    // Netty's factory makes FastThreadLocalThreads, which its per-thread caches expect.
    this.group =
        new MultiThreadIoEventLoopGroup(
            2, new DefaultThreadFactory("http-io", true), NioIoHandler.newFactory());
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            // Accept up to 256 waiting connections per turn (Netty's default 16 left a crowd's
            // first requests seconds in the accept queue while established ones were served).
            .option(
                ChannelOption.RECVBUF_ALLOCATOR,
                new ServerChannelRecvByteBufAllocator().maxMessagesPerRead(256))
            // Without TCP_NODELAY a keep-alive scraper waits ~40 ms per scrape (Nagle + delayed
            // ACK).
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    pipeline(ch.pipeline());
                  }
                });
    try {
      this.channel = b.bind(new InetSocketAddress(addr, port)).syncUninterruptibly().channel();
    } catch (Exception e) { // Netty rethrows the bind's IOException (BindException) unchecked
      shutdown();
      if (e instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw e;
    }
  }

  private void pipeline(ChannelPipeline p) {
    ConnectionHandler handler = new ConnectionHandler(this);
    if (tls != null) {
      SslHandler ssl = new SslHandler(tls.newEngine());
      ssl.setHandshakeTimeoutMillis(limits.headerTimeoutMillis());
      p.addLast("tls", ssl);
    }
    p.addLast("watch", new ReadWatch(handler));
    p.addLast(
        "decoder",
        new HttpRequestDecoder(
            new HttpDecoderConfig()
                .setMaxInitialLineLength(limits.maxInitialLineBytes())
                .setMaxHeaderSize(limits.maxHeaderBytes())
                .setMaxChunkSize(8192)
                .setInitialBufferSize(256)));
    p.addLast("encoder", new HttpResponseEncoder());
    p.addLast("handler", handler);
  }

  /** The bound port (for port 0). */
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** True when serving HTTPS. */
  public boolean tls() {
    return tls != null;
  }

  int maxConnections() {
    return tls != null ? limits.maxTlsConnections() : limits.maxConnections();
  }

  boolean tryAcquire() {
    if (inFlight.incrementAndGet() > limits.maxRequests()) {
      inFlight.decrementAndGet();
      return false;
    }
    return true;
  }

  void release() {
    inFlight.decrementAndGet();
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  private static ThreadFactory daemons(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private void shutdown() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownNow();
    verifier.shutdownNow();
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close().syncUninterruptibly();
    }
    shutdown();
  }
}
