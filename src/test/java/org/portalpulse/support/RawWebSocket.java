package org.portalpulse.support;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;

/**
 * A websocket client written byte for byte over a plain TCP connection, for what neither a browser
 * nor Vert.x's client would do: send a handshake the client refuses to, forge pongs, flood pings,
 * stop reading. Frames it writes are masked, as a client's must be.
 */
public final class RawWebSocket implements AutoCloseable {
  public static final int PING = 0x9;
  public static final int PONG = 0xA;
  private static final int CLOSE = 0x8;

  private final NetClient client;
  private final NetSocket socket;
  private final Context context;
  private final Promise<String> statusLine = Promise.promise();
  private final List<Frame> frames = new CopyOnWriteArrayList<>();
  private final AtomicLong bytesWritten = new AtomicLong();
  /** When the flood last found the connection full and waited for it to drain; 0 while it writes. */
  private volatile long waitingSinceNanos;
  private Buffer unread = Buffer.buffer();
  private boolean upgraded;
  private volatile boolean closed;

  /** A frame the server sent: its opcode and payload. */
  public record Frame(int opcode, Buffer payload) {
    /** The status of a close frame. */
    public short closeStatus() {
      return payload.length() >= 2 ? payload.getShort(0) : 1005;
    }
  }

  private RawWebSocket(NetClient client, NetSocket socket, Context context) {
    this.client = client;
    this.socket = socket;
    this.context = context;
  }

  /**
   * Connects and sends a browser's handshake for {@code pathAndQuery}, as a page of the site itself
   * would (same Origin); does not wait for the answer: see {@link #status()}.
   */
  public static RawWebSocket connect(Vertx vertx, int port, String pathAndQuery) {
    NetClient client = vertx.createNetClient();
    Context context = vertx.getOrCreateContext();
    NetSocket socket = client.connect(port, "127.0.0.1").await();
    RawWebSocket raw = new RawWebSocket(client, socket, context);
    socket.handler(raw::received);
    socket.closeHandler(v -> {
      raw.closed = true;
      raw.statusLine.tryFail("closed before a status line");
    });
    socket.write("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        + "Origin: http://127.0.0.1:" + port + "\r\nUser-Agent: " + Reader.BROWSER + "\r\n\r\n");
    return raw;
  }

  /** The handshake's answer: 101 when the socket is open. */
  public int status() {
    String line = statusLine.future().timeout(5, TimeUnit.SECONDS).await();
    return Integer.parseInt(line.split(" ")[1]);
  }

  /** Connects and waits for the 101, failing on any other answer. */
  public static RawWebSocket open(Vertx vertx, int port, String pathAndQuery) {
    RawWebSocket raw = connect(vertx, port, pathAndQuery);
    int status = raw.status();
    if (status != 101) {
      raw.close();
      throw new AssertionError("the handshake was answered " + status);
    }
    return raw;
  }

  private synchronized void received(Buffer bytes) {
    unread.appendBuffer(bytes);
    if (!upgraded) {
      String text = unread.toString(StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n");
      if (end > 0) {
        statusLine.tryComplete(text.substring(0, end));
      }
      int headersEnd = text.indexOf("\r\n\r\n");
      if (headersEnd < 0) {
        return;
      }
      upgraded = true;
      unread = unread.getBuffer(headersEnd + 4, unread.length());
    }
    while (true) {
      Frame frame = nextFrame();
      if (frame == null) {
        return;
      }
      frames.add(frame);
    }
  }

  /** Parses a server's frame (never masked) off the front of {@link #unread}, if a whole one is there. */
  private Frame nextFrame() {
    if (unread.length() < 2) {
      return null;
    }
    int length = unread.getByte(1) & 0x7F;
    int header = 2;
    if (length == 126) {
      if (unread.length() < 4) {
        return null;
      }
      length = unread.getUnsignedShort(2);
      header = 4;
    } else if (length == 127) {
      throw new IllegalStateException("no frame of ours is that long");
    }
    if (unread.length() < header + length) {
      return null;
    }
    Frame frame = new Frame(unread.getByte(0) & 0x0F, unread.getBuffer(header, header + length));
    unread = unread.getBuffer(header + length, unread.length());
    return frame;
  }

  /** One frame as a client sends it: masked with a random key. */
  public static Buffer clientFrame(int opcode, boolean fin, Buffer payload) {
    if (payload.length() > 125) {
      throw new IllegalArgumentException("a short frame only");
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    Buffer frame = Buffer.buffer(6 + payload.length())
        .appendByte((byte) ((fin ? 0x80 : 0) | opcode))
        .appendByte((byte) (0x80 | payload.length()))
        .appendBytes(mask);
    for (int i = 0; i < payload.length(); i++) {
      frame.appendByte((byte) (payload.getByte(i) ^ mask[i % 4]));
    }
    return frame;
  }

  public void write(int opcode, Buffer payload) {
    socket.write(clientFrame(opcode, true, payload));
  }

  /** Stops reading: what the server sends from now on stays in the network's buffers. */
  public void stopReading() {
    socket.pause();
  }

  /**
   * Writes {@code frame} over and over, as fast as the connection takes it, until {@code limitBytes}
   * are written or the connection closes; the writes never queue up in this client's memory.
   */
  public void flood(Buffer frame, long limitBytes) {
    Buffer chunk = Buffer.buffer();
    while (chunk.length() < 64 * 1024) {
      chunk.appendBuffer(frame);
    }
    context.runOnContext(v -> floodOn(chunk, limitBytes));
  }

  private void floodOn(Buffer chunk, long limitBytes) {
    waitingSinceNanos = 0;
    while (!closed && bytesWritten.get() < limitBytes) {
      if (socket.writeQueueFull()) {
        waitingSinceNanos = System.nanoTime();
        socket.drainHandler(v -> floodOn(chunk, limitBytes));
        return;
      }
      socket.write(chunk);
      bytesWritten.addAndGet(chunk.length());
    }
  }

  /** Whether the flood has been waiting for the connection to take more for at least {@code duration}: the server stopped reading. */
  public boolean floodBlockedFor(Duration duration) {
    long since = waitingSinceNanos;
    return since != 0 && System.nanoTime() - since >= duration.toNanos();
  }

  public long bytesWritten() {
    return bytesWritten.get();
  }

  public List<Frame> frames() {
    return List.copyOf(frames);
  }

  /** The status of the close frame the server sent, once one came within {@code timeout}. */
  public short awaitCloseFrame(Duration timeout) {
    return await("a close frame from the server").atMost(timeout).pollInterval(Waits.FAST_POLL)
        .until(() -> frames.stream().filter(f -> f.opcode() == CLOSE).findFirst(), Optional::isPresent)
        .orElseThrow().closeStatus();
  }

  /** Whether the connection is closed, by either side. */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    if (!closed) {
      socket.close();
    }
    client.close();
  }
}
