/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.benchmarks.bgp;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.BgpMessage;
import net.junction.bgp.wire.Capability;
import net.junction.bgp.wire.DecodeResult;
import net.junction.bgp.wire.KeepaliveMessage;
import net.junction.bgp.wire.MessageDecoder;
import net.junction.bgp.wire.MessageEncoder;
import net.junction.bgp.wire.MessageHeader;
import net.junction.bgp.wire.NotificationMessage;
import net.junction.bgp.wire.OpenMessage;
import net.junction.bgp.wire.UpdateMessage;
import net.junction.routing.Ip4;
import net.junction.routing.IpAddress;

/**
 * The full-table injector of {@code ./junction bench bgp}: a minimal BGP speaker built on Junction's wire
 * codec. It connects to the receiver, sends an OPEN (4-octet AS, multiprotocol IPv4 and IPv6 unicast, no
 * extended messages), answers the receiver's OPEN with a KEEPALIVE, keeps the session alive, then
 * streams a pre-encoded {@link InjectedTable} as fast as the TCP connection takes it, End-of-RIB last.
 * <p>
 * Output on stdout, one {@code key=value} fact per line, read by bench-bgp.sh:
 * <pre>
 * injector: table prefixes4=1000000 prefixes6=250000 messages=... bytes=... path_sets=...
 * injector: established_epoch_ms=...
 * injector: first_update_epoch_ms=...      (just before the first UPDATE is written)
 * injector: last_byte_epoch_ms=...         (the last write returned: the kernel has every byte)
 * </pre>
 * It then stays in session (keepalives) until killed or {@code --linger} seconds pass; a NOTIFICATION or
 * a closed connection ends it with exit status 2.
 *
 * <pre>
 * BgpInjector --connect 198.18.255.2 [--port 179] [--local 198.18.255.1] --as 4200000100
 *   --router-id 198.18.255.1 --next-hop4 198.18.255.1 --next-hop6 2001:db8:ff::1
 *   --routes4 routes4.txt --routes6 routes6.txt [--v4-routes 1000000] [--v6-routes 250000]
 *   [--mrt JUNCTION_HOME/../shared/data/mrt] [--large-percent 10] [--prefixes-per-path 4] [--seed 1] [--hold 180]
 *   [--linger 3600] [--peers 1] [--prepend-max 2]
 * BgpInjector --connect ... --as ... --mrt-rib FILE [--mrt-peer INDEX|asNUMBER|ADDRESS]
 * BgpInjector --connect ... --as ... [--mrt-rib FILE] --mrt-updates FILE --mrt-peer asNUMBER|ADDRESS [--replay-rate N]
 * </pre>
 * With {@code --mrt-rib} the table is not drawn but read from an MRT RIB dump (TABLE_DUMP_V2 or TABLE_DUMP, gzipped
 * or not, {@link net.junction.bgp.mrt.MrtRibReader}): the routes of one of its peers (index 0 by default), sent on as
 * an eBGP speaker would ({@link InjectedTable#fromMrt}); a route source for tests and labs. With {@code --mrt-updates}
 * (one peer only) the UPDATEs that peer sent in an MRT update log (BGP4MP: a RIS {@code updates.*} file, or the log
 * of Junction's {@code bgp.mrt}; {@link MrtReplay}) follow the table (the dump's, or none), withdrawals and
 * announcements in the log's order, as fast as the connection takes them or {@code --replay-rate} UPDATEs a second:
 * the churn of a real peer. It prints {@code injector: replay updates=... announced=... withdrawn=... first_epoch_ms=...
 * last_epoch_ms=...} once the last was written.
 * With {@code --peers N} (bench bgp's multi-peer mode) it opens N sessions, one per address of the
 * comma-separated {@code --local} list, peer i with AS {@code --as} + i, its own address as router id and
 * IPv4 next hop, and the i-th of the comma-separated {@code --next-hop6} list. Every peer sends the same
 * prefixes with the same drawn paths, its own AS first and prepended 0..{@code --prepend-max} more times
 * (per path and peer, so the shortest path is a different peer's from prefix to prefix), as peers at an
 * exchange announce the same Internet. The tables are sent once every session is up, all at once, one
 * thread per peer: first_update_epoch_ms is the start of all, last_byte_epoch_ms the end of the last, and
 * a line per peer ({@code injector: peer I as=... peer_done_ms=...}) comes before them.
 * <p>
 * Graceful restart (RFC 4724, bench nsf): with {@code --graceful-restart SECONDS} the OPEN carries the
 * Graceful Restart capability (Restart Time SECONDS, R bit clear, IPv4 and IPv6 unicast with the F bit clear:
 * the injector forwards nothing), so a receiver that restarts waits for the injector's End-of-RIB before it
 * selects routes. The injector is the receiving speaker (§4.2): with {@code --reconnect SECONDS} (one peer
 * only) a lost session is opened again, retried for up to SECONDS, and the whole table is sent again with
 * its End-of-RIB, as after any session start. It holds no route of the receiver, so it has no stale route to
 * keep or sweep. Every End-of-RIB it receives is printed:
 * <pre>
 * injector: session=1 eor4_epoch_ms=...           (the receiver's End-of-RIB for IPv4 unicast; eor6 for IPv6)
 * injector: session=1 lost_epoch_ms=...           (the connection closed or a NOTIFICATION came)
 * injector: session=2 established_epoch_ms=... restart_state=1   (the receiver's OPEN had the R bit)
 * injector: session=2 first_update_epoch_ms=... / last_byte_epoch_ms=...
 * </pre>
 * {@code --extra4 PREFIX[,PREFIX...]} adds IPv4 prefixes to the table (bench nsf: a route to its traffic's sink).
 * {@code --churn-rate R [--churn-seconds S]} (one peer; bench bgp's churn): after the table, R UPDATEs a second for S
 * seconds (60 by default), each IPv4 prefix of a drawn sample withdrawn and then announced again with its path
 * ({@link MrtReplay#churn}), printed as a replay ({@code injector: replay updates=...}).
 */
public final class BgpInjector
{
    private final Object writeLock = new Object();
    private final int session;
    private OutputStream out;
    private volatile boolean closed;

    private BgpInjector(final int session)
    {
        this.session = session;
    }

    /** This speaker's session: 1, then one more after each reconnect. */
    int session()
    {
        return session;
    }

    public static void main(final String[] args) throws Exception
    {
        final Map<String, String> o = options(args);
        final int as = (int)Long.parseLong(need(o, "as"));
        final int v4 = Integer.parseInt(o.getOrDefault("v4-routes", "1000000"));
        final int v6 = Integer.parseInt(o.getOrDefault("v6-routes", "250000"));
        final long seed = Long.parseLong(o.getOrDefault("seed", "1"));
        final int peers = Integer.parseInt(o.getOrDefault("peers", "1"));
        final int prependMax = Integer.parseInt(o.getOrDefault("prepend-max", peers > 1 ? "2" : "0"));
        final List<String> locals = list(o, "local", peers, "198.18.255.1");
        final List<String> nextHops6 = list(o, "next-hop6", peers, "2001:db8:ff::1");
        if (peers < 1 || peers > 250 || prependMax < 0 || prependMax > 50)
        {
            throw new IllegalArgumentException("--peers must be 1..250 and --prepend-max 0..50");
        }

        final long t0 = System.nanoTime();
        final InjectedTable.Drawn drawn;
        String source;
        if (o.containsKey("mrt-updates") && peers != 1)
        {
            throw new IllegalArgumentException("--mrt-updates replays one peer's UPDATEs: it needs --peers 1");
        }
        if (o.containsKey("mrt-updates") && !o.containsKey("mrt-rib"))
        {
            // The replay alone: no table before it, but the End-of-RIBs.
            drawn = new InjectedTable.Drawn(as, Map.of(), 0, Map.of(), 0);
            source = "no table";
        }
        else if (o.containsKey("mrt-rib"))
        {
            // A real table: one peer's routes of an MRT RIB dump (a RIS bview, or one Junction wrote).
            final InjectedTable.MrtTable mrt = InjectedTable.fromMrt(Path.of(o.get("mrt-rib")),
                mrtPeer(o.getOrDefault("mrt-peer", "0")), as);
            drawn = mrt.drawn();
            source = "MRT dump " + o.get("mrt-rib") + ": peer " + o.getOrDefault("mrt-peer", "0") + " of " +
                mrt.summary().peers().size() + ", " + mrt.summary().routes() + " routes read, " + mrt.summary().badEntries() +
                " refused";
            if (drawn.prefixes4() + drawn.prefixes6() == 0)
            {
                throw new IllegalArgumentException("--mrt-peer " + o.getOrDefault("mrt-peer", "0") + ": no route of that peer in " +
                    o.get("mrt-rib") + " (peers: " + mrt.summary().peers() + ")");
            }
        }
        else
        {
            final MrtPathPool pool = MrtPathPool.load(o.containsKey("mrt") ? Path.of(o.get("mrt")) : MrtPathPool.defaultDir(),
                List.of("updates.20160811.1600.gz", "updates.20070211.0141.gz"));
            final List<String> routes4 = new ArrayList<>(InjectedTable.readPrefixes(Path.of(need(o, "routes4")), v4));
            if (o.containsKey("extra4"))
            {
                routes4.addAll(List.of(o.get("extra4").split(",")));
            }
            drawn = InjectedTable.draw(
                routes4,
                v6 == 0 ? List.of() : InjectedTable.readPrefixes(Path.of(need(o, "routes6")), v6),
                pool, as, Integer.parseInt(o.getOrDefault("large-percent", "10")),
                Double.parseDouble(o.getOrDefault("prefixes-per-path", "4")), seed);
            source = "path pool " + pool.ipv4.size() + " IPv4 + " + pool.ipv6.size() + " IPv6 announcements from RIS";
        }
        final List<Peer> sessions = new ArrayList<>(peers);
        for (int i = 0; i < peers; i++)
        {
            // One peer: the options as given. Several: peer i speaks from the i-th local address with AS
            // as + i, router id and IPv4 next hop its own address, the i-th IPv6 next hop.
            final int local = Ip4.parse(locals.get(i));
            final int nextHop4 = peers == 1 ? Ip4.parse(o.getOrDefault("next-hop4", locals.get(0))) : local;
            final int routerId = peers == 1 ? Ip4.parse(o.getOrDefault("router-id", locals.get(0))) : local;
            final InjectedTable table = drawn.encode(i, as + i, prependMax, nextHop4, IpAddress.parse(nextHops6.get(i)));
            sessions.add(new Peer(i, as + i, routerId, o.containsKey("local") ? locals.get(i) : null, table));
        }
        if (o.containsKey("mrt-updates"))
        {
            final Peer p = sessions.get(0);
            final String file = o.get("mrt-updates");
            final MrtReplay replay = MrtReplay.fromMrt(Path.of(file), mrtUpdatePeer(need(o, "mrt-peer")), as,
                Ip4.parse(o.getOrDefault("next-hop4", locals.get(0))), IpAddress.parse(nextHops6.get(0)));
            if (replay.updates.isEmpty())
            {
                throw new IllegalArgumentException("--mrt-peer " + o.get("mrt-peer") + ": no UPDATE of that peer in " + file +
                    " (peers: " + replay.summary.peers() + ")");
            }
            p.replay = replay;
            p.replayRate = Double.parseDouble(o.getOrDefault("replay-rate", "0"));
            System.err.printf("injector: MRT update log %s: %d UPDATEs of %s to replay (%d announced, %d withdrawn; %d of " +
                "%d records, %d treated as withdraw, %d refused)%n", file, replay.updates.size(), o.get("mrt-peer"),
                replay.announced, replay.withdrawn, replay.summary.updates(), replay.summary.records(),
                replay.summary.treatedAsWithdraw(), replay.summary.bad());
        }
        if (o.containsKey("churn-rate"))
        {
            // Steady churn after the table (bench bgp --churn-rate): withdraw-and-announce pairs of table prefixes.
            final double rate = Double.parseDouble(o.get("churn-rate"));
            final double seconds = Double.parseDouble(o.getOrDefault("churn-seconds", "60"));
            if (peers != 1 || o.containsKey("mrt-updates") || !(rate > 0) || !(seconds > 0) || rate * seconds > 20_000_000)
            {
                throw new IllegalArgumentException("--churn-rate R [--churn-seconds S]: one peer, no --mrt-updates, R and S > 0, R x S <= 20M");
            }
            final Peer p = sessions.get(0);
            p.replay = MrtReplay.churn(drawn, (int)Math.max(1, Math.round(rate * seconds / 2)), seed,
                Ip4.parse(o.getOrDefault("next-hop4", locals.get(0))));
            p.replayRate = rate;
            System.err.printf("injector: churn after the table: %d UPDATEs at %.0f a second (withdraw and announce again %d " +
                "prefixes of the table)%n", p.replay.updates.size(), rate, p.replay.withdrawn);
        }
        final InjectedTable table = sessions.get(0).table;
        final long total = Math.max(1, table.prefixes4 + table.prefixes6);
        System.err.printf("injector: %s; %d table(s) built in %d ms%n",
            source, peers, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        System.err.printf("injector: AS path lengths (length=prefixes): %s; %.1f%% with communities, %.1f%% with large communities%n",
            table.lengthHistogram, 100.0 * table.withCommunities / total, 100.0 * table.withLargeCommunities / total);
        System.out.printf("injector: table prefixes4=%d prefixes6=%d messages=%d bytes=%d path_sets=%d%n",
            table.prefixes4, table.prefixes6, table.messages, table.bytes, table.pathSets4 + table.pathSets6);
        if (peers > 1)
        {
            final long bytes = sessions.stream().mapToLong(p -> p.table.bytes).sum();
            System.out.printf("injector: peers=%d prepend_max=%d total_bytes=%d (each peer its own AS, next hops and prepends)%n",
                peers, prependMax, bytes);
        }
        System.out.flush();
        System.exit(run(o, sessions));
    }

    /**
     * @param text a peer of an MRT dump: its index ({@code 3}), its AS ({@code as65001}) or its address.
     * @return which routes of the dump the injector sends.
     */
    static java.util.function.Predicate<net.junction.bgp.mrt.MrtRibReader.Peer> mrtPeer(final String text)
    {
        if (text.matches("[0-9]+"))
        {
            final int index = Integer.parseInt(text);
            return p -> p.index() == index;
        }
        final java.util.function.BiPredicate<IpAddress, Integer> peer = peerByAsOrAddress(text,
            "an index of the dump's peer table (0, 1...), asNUMBER or an address");
        return p -> peer.test(p.address(), p.asNumber());
    }

    /**
     * @param text a peer of an MRT update log: its AS ({@code as65001}) or its address.
     * @return whose UPDATEs the injector replays.
     */
    static java.util.function.Predicate<net.junction.bgp.mrt.MrtUpdateReader.Peer> mrtUpdatePeer(final String text)
    {
        final java.util.function.BiPredicate<IpAddress, Integer> peer = peerByAsOrAddress(text,
            "asNUMBER or an address (an update log has no peer table to index)");
        return p -> peer.test(p.address(), p.asNumber());
    }

    private static java.util.function.BiPredicate<IpAddress, Integer> peerByAsOrAddress(final String text, final String what)
    {
        try
        {
            if (text.startsWith("as"))
            {
                final int asNumber = (int)Long.parseLong(text.substring(2));
                return (address, as) -> as == asNumber;
            }
            final IpAddress wanted = IpAddress.parse(text);
            return (address, as) -> address.equals(wanted);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("--mrt-peer: " + what + ", not " + text);
        }
    }

    /**
     * The injector's OPEN: 4-octet AS, multiprotocol IPv4 and IPv6 unicast, and with {@code restartTimeSeconds}
     * >= 0 the Graceful Restart capability of a receiving speaker (RFC 4724 §3: R bit clear, both families with
     * the F bit clear).
     */
    static OpenMessage openMessage(final int as, final int holdTime, final int routerId, final int restartTimeSeconds)
    {
        final List<Capability> capabilities = new ArrayList<>(List.of(
            new Capability.Multiprotocol(AfiSafi.IPV4_UNICAST), new Capability.Multiprotocol(AfiSafi.IPV6_UNICAST),
            new Capability.FourOctetAs(as)));
        if (restartTimeSeconds >= 0)
        {
            capabilities.add(new Capability.GracefulRestart(0, restartTimeSeconds, List.of(
                new Capability.GracefulRestart.Family(AfiSafi.IPV4_UNICAST, 0),
                new Capability.GracefulRestart.Family(AfiSafi.IPV6_UNICAST, 0))));
        }
        return OpenMessage.of(as, holdTime, routerId, capabilities);
    }

    /** One fact on stdout, whole and flushed (several threads print). */
    private static void fact(final String line)
    {
        synchronized (System.out)
        {
            System.out.println("injector: " + line);
            System.out.flush();
        }
    }

    /** One eBGP session of the injector and the table it streams. */
    static final class Peer
    {
        final int index;
        final int as;
        final int routerId;
        final String local;
        final InjectedTable table;
        /** Every End-of-RIB received, as "SESSION:FAMILY" (tests). */
        final List<String> endOfRibs = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile BgpInjector speaker = new BgpInjector(1);
        volatile CountDownLatch established = new CountDownLatch(1);
        volatile boolean peerRestarted;
        final int[] negotiatedHold = new int[1];
        volatile int exitCode;
        volatile long lastByteEpochMs;
        volatile Socket socket;
        volatile Thread reader;
        /** With --mrt-updates: the UPDATEs sent after the table, and how many a second (0: as fast as it goes). */
        MrtReplay replay;
        double replayRate;

        Peer(final int index, final int as, final int routerId, final String local, final InjectedTable table)
        {
            this.index = index;
            this.as = as;
            this.routerId = routerId;
            this.local = local;
            this.table = table;
        }

        /** Forget the lost session: the next one starts as new (§4.2: the receiving speaker just reconnects). */
        void nextSession()
        {
            speaker = new BgpInjector(speaker.session + 1);
            established = new CountDownLatch(1);
            peerRestarted = false;
            exitCode = 0;
        }
    }

    static int run(final Map<String, String> o, final List<Peer> peers) throws IOException, InterruptedException
    {
        final int holdTime = Integer.parseInt(o.getOrDefault("hold", "180"));
        final long lingerSeconds = Long.parseLong(o.getOrDefault("linger", "3600"));
        final int restartTime = Integer.parseInt(o.getOrDefault("graceful-restart", "-1"));
        final int reconnectSeconds = Integer.parseInt(o.getOrDefault("reconnect", "0"));
        if (reconnectSeconds > 0 && peers.size() != 1)
        {
            throw new IllegalArgumentException("--reconnect needs --peers 1");
        }
        final InetSocketAddress remote = new InetSocketAddress(InetAddress.getByName(need(o, "connect")),
            Integer.parseInt(o.getOrDefault("port", "179")));
        for (final Peer p : peers)
        {
            p.speaker.open(p, remote, holdTime, restartTime, 30);
        }
        final long establishDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (final Peer p : peers)
        {
            if (!p.established.await(Math.max(0, establishDeadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                || p.speaker.closed)
            {
                System.err.println("injector: no session within 60 s" + (peers.size() > 1 ? " for peer " + p.index + " (" + p.local + ")" : ""));
                return 2;
            }
        }
        System.out.println("injector: established_epoch_ms=" + epochMs());
        System.out.flush();
        for (final Peer p : peers)
        {
            p.speaker.keepalives(Math.max(1, p.negotiatedHold[0] / 3));
        }

        // Every peer starts at once: the clock starts at the first UPDATE of any peer.
        final CountDownLatch start = new CountDownLatch(1);
        final List<Thread> senders = new ArrayList<>();
        for (final Peer p : peers)
        {
            senders.add(Thread.ofPlatform().name("injector-send-" + p.index).start(() ->
            {
                try
                {
                    start.await();
                    for (final byte[] chunk : p.table.chunks)
                    {
                        p.speaker.send(chunk);
                    }
                    p.lastByteEpochMs = System.currentTimeMillis();
                }
                catch (final IOException | InterruptedException ex)
                {
                    System.err.println("injector: peer " + p.index + ": send failed: " + ex.getMessage());
                }
            }));
        }
        final String first = epochMs();
        start.countDown();
        for (final Thread t : senders)
        {
            t.join();
        }
        final String last = epochMs();
        if (peers.size() > 1)
        {
            for (final Peer p : peers)
            {
                System.out.println("injector: peer " + p.index + " as=" + Integer.toUnsignedString(p.as) + " local=" + p.local
                    + " bytes=" + p.table.bytes + " peer_done_ms=" + p.lastByteEpochMs);
            }
        }
        System.out.println("injector: first_update_epoch_ms=" + first);
        System.out.println("injector: last_byte_epoch_ms=" + last);
        System.out.flush();
        for (final Peer p : peers)
        {
            if (p.replay != null && !replay(p))
            {
                return 2;
            }
        }

        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(lingerSeconds);
        boolean lost = false;
        while (deadline - System.nanoTime() > 0)
        {
            for (final Peer p : peers)
            {
                p.reader.join(200 / peers.size() + 1);
                lost |= p.speaker.closed;
            }
            if (lost && reconnectSeconds > 0)
            {
                final Peer p = peers.get(0);
                fact("session=" + p.speaker.session + " lost_epoch_ms=" + epochMs());
                p.socket.close();
                if (!reconnect(p, remote, holdTime, restartTime, reconnectSeconds))
                {
                    fact("session=" + p.speaker.session + " reconnect_failed_after_s=" + reconnectSeconds);
                    break;
                }
                lost = false;
            }
            else if (lost)
            {
                break;
            }
        }
        int exit = 0;
        for (final Peer p : peers)
        {
            exit = Math.max(exit, p.speaker.closed && lost ? p.exitCode : 0);
            p.speaker.closed = true;
            p.socket.close();
        }
        return exit;
    }

    /**
     * Sends the peer's MRT replay, one logged UPDATE after the other, paced at {@code replayRate} a second when set.
     *
     * @return false when the session failed under it.
     */
    private static boolean replay(final Peer p) throws InterruptedException
    {
        final String first = epochMs();
        final long start = System.nanoTime();
        long sent = 0;
        try
        {
            for (final byte[] update : p.replay.updates)
            {
                if (p.replayRate > 0)
                {
                    final long due = start + (long)(sent * 1e9 / p.replayRate);
                    final long wait = due - System.nanoTime();
                    if (wait > 0)
                    {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                p.speaker.send(update);
                sent++;
            }
        }
        catch (final IOException ex)
        {
            System.err.println("injector: replay: send failed after " + sent + " UPDATEs: " + ex.getMessage());
            return false;
        }
        fact("replay updates=" + sent + " announced=" + p.replay.announced + " withdrawn=" + p.replay.withdrawn + " bytes=" +
            p.replay.bytes + " first_epoch_ms=" + first + " last_epoch_ms=" + epochMs());
        return true;
    }

    /**
     * RFC 4724 §4.2, the receiving speaker: open the session again (retried until {@code seconds} pass: the
     * receiver is restarting), then send the whole table and its End-of-RIB as after any session start.
     *
     * @return false when no session came up in time.
     */
    private static boolean reconnect(
        final Peer p, final InetSocketAddress remote, final int holdTime, final int restartTime, final int seconds)
        throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (deadline - System.nanoTime() > 0)
        {
            p.nextSession();
            try
            {
                p.speaker.open(p, remote, holdTime, restartTime, 2);
            }
            catch (final IOException ex)
            {
                Thread.sleep(100);
                continue;
            }
            if (!p.established.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS) || p.speaker.closed)
            {
                p.socket.close();
                Thread.sleep(100);
                continue;
            }
            final int session = p.speaker.session;
            fact("session=" + session + " established_epoch_ms=" + epochMs() + " restart_state=" + (p.peerRestarted ? 1 : 0));
            p.speaker.keepalives(Math.max(1, p.negotiatedHold[0] / 3));
            fact("session=" + session + " first_update_epoch_ms=" + epochMs());
            try
            {
                for (final byte[] chunk : p.table.chunks)
                {
                    p.speaker.send(chunk);
                }
            }
            catch (final IOException ex)
            {
                System.err.println("injector: session " + session + ": send failed: " + ex.getMessage());
                p.socket.close();
                continue;
            }
            fact("session=" + session + " last_byte_epoch_ms=" + epochMs());
            return true;
        }
        return false;
    }

    /** Connect, send the OPEN, and start the reader that answers the receiver's OPEN and sees the session up. */
    private void open(final Peer p, final InetSocketAddress remote, final int holdTime, final int restartTime,
        final int connectSeconds) throws IOException, InterruptedException
    {
        final Socket socket = new Socket();
        socket.setSendBufferSize(4 << 20);
        socket.setReceiveBufferSize(1 << 20);
        if (p.local != null)
        {
            socket.bind(new InetSocketAddress(InetAddress.getByName(p.local), 0));
        }
        p.socket = socket;
        connect(socket, remote, connectSeconds);
        out = socket.getOutputStream();
        final DataInputStream in = new DataInputStream(socket.getInputStream());

        send(MessageEncoder.encode(openMessage(p.as, holdTime, p.routerId, restartTime), InjectedTable.OPTIONS));

        p.negotiatedHold[0] = holdTime;
        final CountDownLatch established = p.established;   // this session's, not a later one's
        p.reader = Thread.ofPlatform().daemon().name("injector-reader-" + p.index).start(() ->
        {
            try
            {
                readLoop(in, p);
            }
            catch (final IOException ex)
            {
                if (!closed)
                {
                    System.err.println("injector: connection lost: " + ex.getMessage());
                }
            }
            if (p.speaker == this)
            {
                p.exitCode = 2;
            }
            closed = true;
            established.countDown();
        });
    }

    private void keepalives(final int keepaliveSeconds)
    {
        final byte[] keepalive = MessageEncoder.encode(KeepaliveMessage.INSTANCE, InjectedTable.OPTIONS);
        Thread.ofPlatform().daemon().name("injector-keepalive").start(() ->
        {
            while (!closed)
            {
                try
                {
                    Thread.sleep(keepaliveSeconds * 1000L);
                    send(keepalive);
                }
                catch (final IOException | InterruptedException ex)
                {
                    return;
                }
            }
        });
    }

    /** The option's comma-separated values, one per peer (a single peer: the first value). */
    private static List<String> list(final Map<String, String> o, final String key, final int peers, final String otherwise)
    {
        final List<String> values = List.of(o.getOrDefault(key, otherwise).split(","));
        if (values.size() < peers)
        {
            throw new IllegalArgumentException("--" + key + " needs " + peers + " comma-separated values, one per peer");
        }
        return values;
    }

    private static void connect(final Socket socket, final InetSocketAddress remote, final int seconds)
        throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true)
        {
            try
            {
                socket.connect(remote, 2000);
                return;
            }
            catch (final IOException ex)
            {
                if (deadline - System.nanoTime() < 0)
                {
                    throw new IOException("cannot connect to " + remote + " within " + seconds + " s: " + ex.getMessage(), ex);
                }
                Thread.sleep(200);
                if (socket.isClosed())
                {
                    throw ex;
                }
            }
        }
    }

    private void readLoop(final DataInputStream in, final Peer p) throws IOException
    {
        final CountDownLatch established = p.established;
        final int[] negotiatedHold = p.negotiatedHold;
        final byte[] header = new byte[MessageHeader.HEADER_LENGTH];
        long updates = 0;
        boolean openSeen = false;
        while (!closed)
        {
            try
            {
                in.readFully(header);
            }
            catch (final EOFException ex)
            {
                throw new IOException("the receiver closed the connection");
            }
            final int length = ((header[16] & 0xFF) << 8) | (header[17] & 0xFF);
            if (length < MessageHeader.HEADER_LENGTH)
            {
                throw new IOException("bad message length " + length);
            }
            final byte[] message = new byte[length];
            System.arraycopy(header, 0, message, 0, header.length);
            in.readFully(message, header.length, length - header.length);
            final DecodeResult r = MessageDecoder.decode(message, InjectedTable.OPTIONS);
            final BgpMessage m = r.message();
            switch (m)
            {
                case OpenMessage open ->
                {
                    openSeen = true;
                    negotiatedHold[0] = Math.min(negotiatedHold[0], open.holdTimeSeconds());
                    final Capability.GracefulRestart gr = open.capability(Capability.GracefulRestart.class);
                    p.peerRestarted = gr != null && (gr.restartFlags() & Capability.GracefulRestart.RESTART_STATE) != 0;
                    if (!open.families().contains(AfiSafi.IPV6_UNICAST))
                    {
                        System.err.println("injector: warning: the receiver did not offer IPv6 unicast: " + open.families());
                    }
                    send(MessageEncoder.encode(KeepaliveMessage.INSTANCE, InjectedTable.OPTIONS));
                }
                case KeepaliveMessage k ->
                {
                    if (openSeen)
                    {
                        established.countDown();
                    }
                }
                case NotificationMessage n ->
                {
                    System.err.println("injector: NOTIFICATION from the receiver: " + n);
                    throw new IOException("NOTIFICATION " + n);
                }
                case UpdateMessage u ->
                {
                    updates++;
                    final AfiSafi family = u.endOfRibFamily();
                    if (family != null)
                    {
                        p.endOfRibs.add(session + ":" + family);
                        fact("session=" + session + " eor" + (AfiSafi.IPV4_UNICAST.equals(family) ? "4" : "6") +
                            "_epoch_ms=" + epochMs() + " updates=" + updates);
                    }
                }
                case null -> System.err.println("injector: undecodable message from the receiver: " + r);
                default ->
                {
                }
            }
        }
    }

    private void send(final byte[] bytes) throws IOException
    {
        synchronized (writeLock)
        {
            out.write(bytes);
            out.flush();
        }
    }

    private static String epochMs()
    {
        final Instant now = Instant.now();
        return String.format("%d.%03d", now.getEpochSecond() * 1000 + now.getNano() / 1_000_000, (now.getNano() / 1000) % 1000);
    }

    private static Map<String, String> options(final String[] args)
    {
        final Map<String, String> o = new LinkedHashMap<>();
        final List<String> bad = new ArrayList<>();
        for (int i = 0; i < args.length; i++)
        {
            if (args[i].startsWith("--") && i + 1 < args.length)
            {
                o.put(args[i].substring(2), args[++i]);
            }
            else
            {
                bad.add(args[i]);
            }
        }
        if (!bad.isEmpty())
        {
            throw new IllegalArgumentException("unexpected arguments " + bad + " (options are --name value)");
        }
        return o;
    }

    private static String need(final Map<String, String> o, final String key)
    {
        final String v = o.get(key);
        if (v == null)
        {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return v;
    }
}
