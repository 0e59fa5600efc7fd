package infra.monitoring.exporter.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Sits before the HTTP decoder and tells the connection when the first bytes of a new request
 * arrive on an idle keep-alive connection, so the request-head deadline starts then.
 */
final class ReadWatch extends ChannelInboundHandlerAdapter {
  private final ConnectionHandler connection;

  ReadWatch(ConnectionHandler connection) {
    this.connection = connection;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    connection.bytesArrived();
    ctx.fireChannelRead(msg);
  }
}
