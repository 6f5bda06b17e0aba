/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.junction.dataplane.capture.Capture;
import net.junction.dataplane.capture.CaptureFilter;
import net.junction.dataplane.capture.CaptureSession;
import net.junction.dataplane.capture.PcapngWriter;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code junction capture} on the data plane's control socket ({@link DataplaneServer}): the request
 * <pre>
 *   {"op":"capture","port":"p0","snapLength":256,"filter":"icmp","count":10,"durationMs":0}
 * </pre>
 * is answered with one JSON line as every operation is ({@code ok:false} and nothing started when the port, the
 * filter or the snap length is wrong, or a capture runs already); after {@code ok:true} the connection carries the
 * pcapng file in chunks, each a 32-bit big-endian length and that many bytes, ended by a chunk of length 0 and one
 * JSON line: {@code {"written":N,"captured":N,"dropped":N}} or {@code {"error":"..."}}.
 * <p>
 * The capture ends at its count or duration, when the client sends a line (any: it asked to stop) or closes the
 * connection (it ended or died: its socket closes with it, so this is the lease), and is switched off whatever ended
 * it. Reader side, on the connection's virtual thread: the workers only copy frames into their rings.
 */
public final class CaptureStream
{
    private CaptureStream()
    {
    }

    static void serve(final DataplaneControl dataplane, final JsonNode request, final BufferedReader in,
        final OutputStream out) throws IOException
    {
        final Capture capture;
        final long mask;
        final int snapLength;
        final CaptureFilter filter;
        final List<String> names = new ArrayList<>();
        try
        {
            capture = dataplane.capture();
            for (int p = 0; p < dataplane.portCount(); p++)
            {
                names.add(dataplane.port(p).name());
            }
            final String port = DataplaneServer.text(request, "port");
            final int index = names.indexOf(port);
            if (index < 0)
            {
                throw new IllegalArgumentException("no port '" + port + "' (ports: " + String.join(", ", names) + ")");
            }
            if (dataplane.port(index).isVlan())
            {
                // the workers capture a port's wire: its sub-interfaces' frames are in its capture, tagged
                throw new IllegalArgumentException("'" + port + "' is a VLAN sub-interface: capture its port '" +
                    names.get(dataplane.port(index).parent()) + "', whose capture has its frames with their 802.1Q tag " +
                    "(filter them with tshark -Y 'vlan.id == " + dataplane.port(index).vlanId() + "')");
            }
            if (index >= Capture.MAX_PORTS)
            {
                throw new IllegalArgumentException("capture reaches the first " + Capture.MAX_PORTS + " ports only");
            }
            mask = 1L << index;
            snapLength = request.path("snapLength").asInt(Capture.DEFAULT_SNAP_LENGTH);
            if (snapLength < 1 || snapLength > Capture.MAX_SNAP_LENGTH)
            {
                throw new IllegalArgumentException("snap length must be 1.." + Capture.MAX_SNAP_LENGTH);
            }
            filter = CaptureFilter.parse(request.path("filter").asText(""));
            if (capture.running())
            {
                throw new IllegalStateException("a capture is running already (one at a time)");
            }
        }
        catch (final RuntimeException ex)
        {
            line(out, DataplaneServer.JSON.createObjectNode().put("ok", false)
                .put("error", null == ex.getMessage() ? ex.toString() : ex.getMessage()));
            return;
        }
        line(out, DataplaneServer.JSON.createObjectNode().put("ok", true).putNull("value"));

        final AtomicBoolean stopped = new AtomicBoolean();
        final Thread watcher = Thread.ofVirtual().name("junction-capture-client").start(() ->
        {
            try
            {
                in.read(); // a line (stop) or the end of the stream (the client is gone)
            }
            catch (final IOException ex)
            {
                // gone
            }
            stopped.set(true);
        });
        final ObjectNode end = DataplaneServer.JSON.createObjectNode();
        final ChunkedOutputStream chunks = new ChunkedOutputStream(out);
        try
        {
            final CaptureSession.Result result = CaptureSession.run(capture, mask, names, snapLength, filter,
                Math.max(0, request.path("count").asLong(0)), Math.max(0, request.path("durationMs").asLong(0)) * 1_000_000L,
                stopped::get, new PcapngWriter(new BufferedOutputStream(chunks, 64 * 1024)));
            end.put("written", result.written()).put("captured", result.captured()).put("dropped", result.dropped());
        }
        catch (final RuntimeException ex)
        {
            end.put("error", null == ex.getMessage() ? ex.toString() : ex.getMessage());
        }
        // The watcher ends when the connection closes after the end line (an interrupt would close the channel now).
        chunks.end();
        line(out, end);
    }

    private static void line(final OutputStream out, final JsonNode node) throws IOException
    {
        out.write((DataplaneServer.JSON.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Each write a chunk: its length (32 bits, big endian), then its bytes. */
    static final class ChunkedOutputStream extends OutputStream
    {
        private final OutputStream out;

        ChunkedOutputStream(final OutputStream out)
        {
            this.out = out;
        }

        @Override
        public void write(final int b) throws IOException
        {
            write(new byte[] {(byte)b}, 0, 1);
        }

        @Override
        public void write(final byte[] b, final int off, final int len) throws IOException
        {
            if (len == 0)
            {
                return;
            }
            out.write(new byte[] {(byte)(len >>> 24), (byte)(len >>> 16), (byte)(len >>> 8), (byte)len});
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException
        {
            out.flush();
        }

        void end() throws IOException
        {
            out.write(new byte[4]);
            out.flush();
        }
    }

    /**
     * The client's side: copy the chunks to {@code file} until the end chunk.
     *
     * @param in   the connection, after the {@code ok:true} line.
     * @param file where the pcapng goes.
     * @return the end line (JSON), or null when the stream ended without one.
     */
    public static String copy(final InputStream in, final OutputStream file) throws IOException
    {
        final DataInputStream data = new DataInputStream(in);
        final byte[] buffer = new byte[64 * 1024];
        while (true)
        {
            final int length;
            try
            {
                length = data.readInt();
            }
            catch (final java.io.EOFException ex)
            {
                return null;
            }
            if (length == 0)
            {
                break;
            }
            if (length < 0)
            {
                throw new IOException("bad chunk length " + length);
            }
            int left = length;
            while (left > 0)
            {
                final int n = data.read(buffer, 0, Math.min(left, buffer.length));
                if (n < 0)
                {
                    return null;
                }
                file.write(buffer, 0, n);
                left -= n;
            }
            file.flush();
        }
        final StringBuilder line = new StringBuilder();
        int c;
        while ((c = data.read()) >= 0 && c != '\n')
        {
            line.append((char)c);
        }
        return line.toString();
    }
}
