package infra.monitoring.exporter.http;

import infra.monitoring.exporter.web.BasicAuth;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's life: HEAD (reading a request head, against the head deadline), BUSY (one
 * request being answered; reading paused, so a pipelining client cannot queue work), IDLE
 * (keep-alive, against the idle deadline). Runs on the connection's I/O thread only; work for
 * limited paths and bcrypt checks is handed to the server's pools and comes back here to write.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);

  /** Requests a pipelining client may have decoded ahead of the one being answered. */
  private static final int MAX_PIPELINED = 8;

  private enum State {
    HEAD,
    BUSY,
    IDLE
  }

  private final HttpServer server;
  private final ArrayDeque<HttpRequest> pending = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private State state = State.HEAD;
  private ScheduledFuture<?> timer;
  private boolean counted;

  ConnectionHandler(HttpServer server) {
    this.server = server;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    counted = true;
    if (server.connections.incrementAndGet() > server.maxConnections()) {
      ctx.close();
      return;
    }
    arm(server.limits.headerTimeoutMillis());
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    disarm();
    if (counted) {
      counted = false;
      server.connections.decrementAndGet();
    }
    pending.clear();
    ctx.fireChannelInactive();
  }

  /** From {@link ReadWatch}: bytes of a new request on an idle connection start its deadline. */
  void bytesArrived() {
    if (state == State.IDLE) {
      state = State.HEAD;
      arm(server.limits.headerTimeoutMillis());
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof HttpRequest req)) {
      ReferenceCountUtil.release(msg); // request bodies and trailers are not read
      return;
    }
    ReferenceCountUtil.release(msg); // a failed decode is a FullHttpRequest; its head stays usable
    if (state == State.BUSY) {
      if (pending.size() >= MAX_PIPELINED) {
        ctx.close();
      } else {
        pending.add(req);
      }
      return;
    }
    start(req);
  }

  private void start(HttpRequest req) {
    state = State.BUSY;
    arm(server.limits.responseTimeoutMillis());
    ctx.channel().config().setAutoRead(false);
    DecoderResult dr = req.decoderResult();
    if (dr.isFailure()) {
      Throwable c = dr.cause();
      int status =
          c instanceof TooLongHttpHeaderException
              ? 431
              : c instanceof TooLongHttpLineException ? 414 : 400;
      String text =
          status == 431
              ? "request header fields too large\n"
              : status == 414 ? "request line too long\n" : "bad request\n";
      write(req, Response.text(status, text), true, false);
      return;
    }
    if (req.headers().size() > server.limits.maxHeaders()) {
      write(req, Response.text(431, "too many request header fields\n"), true, false);
      return;
    }
    // A body is never read: answer, then close rather than skip an unbounded body.
    boolean close =
        !HttpUtil.isKeepAlive(req)
            || HttpUtil.getContentLength(req, 0L) > 0
            || HttpUtil.isTransferEncodingChunked(req);
    QueryStringDecoder uri = new QueryStringDecoder(req.uri());
    String path = uri.path();
    int q = req.uri().indexOf('?');
    String rawQuery = q < 0 ? null : req.uri().substring(q + 1);
    BasicAuth auth = server.auth;
    String method = req.method().name();
    if (auth == null) {
      dispatch(req, new Request(method, path, rawQuery, req.headers(), true), close);
      return;
    }
    String header = req.headers().get(HttpHeaderNames.AUTHORIZATION);
    BasicAuth.Quick quick = auth.quick(header);
    if (quick == BasicAuth.Quick.ALLOWED || server.service.open(path)) {
      boolean ok = quick == BasicAuth.Quick.ALLOWED;
      dispatch(req, new Request(method, path, rawQuery, req.headers(), ok), close);
    } else if (quick == BasicAuth.Quick.DENIED) {
      write(req, unauthorized(), close, false);
    } else if (server.verifying.incrementAndGet() > HttpServer.MAX_PENDING_VERIFICATIONS) {
      server.verifying.decrementAndGet();
      write(
          req,
          Response.text(503, "too many logins being checked, try again later\n"),
          close,
          false);
    } else {
      try {
        server.verifier.execute(
            () -> {
              boolean ok;
              try {
                ok = auth.verify(header);
              } finally {
                server.verifying.decrementAndGet();
              }
              ctx.executor()
                  .execute(
                      () -> {
                        if (ok) {
                          dispatch(
                              req, new Request(method, path, rawQuery, req.headers(), true), close);
                        } else {
                          write(req, unauthorized(), close, false);
                        }
                      });
            });
      } catch (RejectedExecutionException e) {
        server.verifying.decrementAndGet();
        ctx.close();
      }
    }
  }

  private static Response unauthorized() {
    return Response.text(401, "Unauthorized\n").with("WWW-Authenticate", "Basic");
  }

  private void dispatch(HttpRequest req, Request r, boolean close) {
    Service service = server.service;
    if (!service.limited(r.path())) {
      write(req, handle(r), close, false);
      return;
    }
    if (!server.tryAcquire()) {
      write(
          req,
          Response.text(
              503,
              "too many requests in flight (limit "
                  + server.limits.maxRequests()
                  + "), try again later\n"),
          close,
          false);
      return;
    }
    try {
      server.workers.execute(
          () -> {
            Response res = handle(r);
            ctx.executor().execute(() -> write(req, res, close, true));
          });
    } catch (RejectedExecutionException e) {
      server.release(); // shutting down
      ctx.close();
    }
  }

  private Response handle(Request r) {
    try {
      return server.service.handle(r);
    } catch (RuntimeException e) {
      log.error("{} {} failed", r.method(), r.path(), e);
      return Response.text(500, "internal server error\n");
    }
  }

  private void write(HttpRequest req, Response res, boolean close, boolean holdsSlot) {
    boolean head = req.method().name().equals("HEAD");
    ByteBuf body = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(res.body());
    FullHttpResponse out =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(res.status()), body);
    var h = out.headers();
    for (Map.Entry<String, String> e : server.extraHeaders.entrySet()) {
      h.set(e.getKey(), e.getValue());
    }
    for (Map.Entry<String, String> e : res.headers().entrySet()) {
      h.set(e.getKey(), e.getValue());
    }
    // A HEAD answer says the length the GET body would have (the scrape handler sets it).
    String length = head ? res.headers().get("Content-Length") : null;
    h.set(
        HttpHeaderNames.CONTENT_LENGTH,
        length != null ? length : String.valueOf(res.body().length));
    h.set(HttpHeaderNames.DATE, DateFormatter.format(new Date()));
    if (close) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (req.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    ctx.writeAndFlush(out)
        .addListener(
            (ChannelFutureListener)
                f -> {
                  if (holdsSlot) {
                    server.release();
                  }
                  if (close || !f.isSuccess()) {
                    f.channel().close();
                  } else {
                    next();
                  }
                });
  }

  private void next() {
    HttpRequest queued = pending.poll();
    if (queued != null) {
      start(queued);
      return;
    }
    state = State.IDLE;
    arm(server.limits.idleTimeoutMillis());
    ctx.channel().config().setAutoRead(true);
    ctx.read();
  }

  private void arm(long millis) {
    disarm();
    timer = ctx.executor().schedule(this::expired, millis, TimeUnit.MILLISECONDS);
  }

  private void disarm() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void expired() {
    // HEAD: the client did not finish its request in time; BUSY: it did not take the answer;
    // IDLE: keep-alive ran out. No answer is owed in any of them: close.
    ctx.close();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("connection {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
