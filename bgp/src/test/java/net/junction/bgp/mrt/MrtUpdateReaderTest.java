/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.mrt;

import net.junction.bgp.wire.AfiSafi;
import net.junction.bgp.wire.CodecOptions;
import net.junction.bgp.wire.KeepaliveMessage;
import net.junction.bgp.wire.MessageEncoder;
import net.junction.bgp.wire.MpReachNlri;
import net.junction.bgp.wire.MpUnreachNlri;
import net.junction.bgp.wire.SharedData;
import net.junction.bgp.wire.UpdateMessage;
import net.junction.bgp.wire.attribute.AsPathSegment;
import net.junction.bgp.wire.attribute.PathAttribute;
import net.junction.bgp.wire.attribute.PathAttributes;
import net.junction.routing.IpAddress;
import net.junction.routing.IpPrefix;
import net.junction.routing.Prefix4;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MrtUpdateReaderTest
{
    private static final long T = 1_700_000_000L;
    private static final IpAddress PEER = IpAddress.parse("198.18.1.1");
    private static final IpAddress COLLECTOR = IpAddress.parse("198.18.1.2");
    private static final int PEER_AS = (int)4200000001L;
    private static final int COLLECTOR_AS = 65000;
    private static final int PEER_NEXT_HOP = 0xC6120101; // 198.18.1.1
    private static final CodecOptions AS4 = new CodecOptions(true, true, true);
    private static final PathAttributes ATTRIBUTES = PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP,
        new PathAttribute.AsPath(List.of(AsPathSegment.sequence(PEER_AS, 6939, 13335))),
        new PathAttribute.Communities(new int[] {(6939 << 16) | 1000}));

    @Test
    void shouldReadWhatAPeerAnnouncedAndWithdrewAndItsStateChanges() throws IOException
    {
        final Log log = new Log();
        log.stateChange(5, 6);
        log.message(MessageEncoder.encode(new KeepaliveMessage(), AS4));
        log.message(MessageEncoder.encode(new UpdateMessage(List.of(), ATTRIBUTES.with(new PathAttribute.NextHop(PEER_NEXT_HOP)),
            List.of(Prefix4.parse("198.19.0.0/16"), Prefix4.parse("198.19.1.0/24")),
            new MpReachNlri(AfiSafi.IPV6_UNICAST, IpAddress.parse("2001:db8::1"), IpAddress.parse("fe80::1"),
                List.of(IpPrefix.parse("2001:db8:100::/40"))), null), AS4));
        log.message(MessageEncoder.encode(new UpdateMessage(List.of(Prefix4.parse("198.19.1.0/24")), PathAttributes.EMPTY,
            List.of(), null, new MpUnreachNlri(AfiSafi.IPV6_UNICAST, List.of(IpPrefix.parse("2001:db8:100::/40")))), AS4));
        log.stateChange(6, 1);

        final List<String> seen = new ArrayList<>();
        final MrtUpdateReader.Summary s = MrtUpdateReader.read(log.stream(), p -> true, sink(seen));
        assertEquals(List.of(
            "state 198.18.1.1 AS4200000001 5->6 at " + T * 1_000_000,
            "update 198.18.1.1 AS4200000001 at " + T * 1_000_000 + ": announced [" +
                "198.19.0.0/16 id 0 via 198.18.1.1 path [4200000001 6939 13335], " +
                "198.19.1.0/24 id 0 via 198.18.1.1 path [4200000001 6939 13335], " +
                "2001:db8:100::/40 id 0 via 2001:db8::1 path [4200000001 6939 13335]] withdrawn []",
            "update 198.18.1.1 AS4200000001 at " + T * 1_000_000 + ": announced [] withdrawn [198.19.1.0/24 id 0, 2001:db8:100::/40 id 0]",
            "state 198.18.1.1 AS4200000001 6->1 at " + T * 1_000_000), seen);
        assertEquals(new MrtUpdateReader.Summary(List.of(new MrtUpdateReader.Peer(PEER, PEER_AS, COLLECTOR, COLLECTOR_AS)),
            5, 2, 2, 2, 3, 0, 1, 0), s, "the KEEPALIVE is skipped");
    }

    @Test
    void shouldKeepTheCommunitiesAndLinkLocalNextHopOfAnAnnouncement() throws IOException
    {
        final Log log = new Log();
        log.message(MessageEncoder.encode(new UpdateMessage(List.of(), ATTRIBUTES, List.of(),
            new MpReachNlri(AfiSafi.IPV6_UNICAST, IpAddress.parse("2001:db8::1"), IpAddress.parse("fe80::1"),
                List.of(IpPrefix.parse("2001:db8:100::/40"))), null), AS4));
        final List<MrtUpdateReader.Update> updates = new ArrayList<>();
        MrtUpdateReader.read(log.stream(), p -> true, updates::add);
        final MrtUpdateReader.Announced a = updates.get(0).announced().get(0);
        assertEquals(ATTRIBUTES.communities(), a.path().attributes().communities());
        assertEquals(IpAddress.parse("fe80::1"), a.path().linkLocalNextHop());
        assertEquals(null, a.path().attributes().nextHop(), "the next hop is the path's, not an attribute");
    }

    @Test
    void shouldMergeAs4PathIntoTheAsPathOfATwoOctetRecord() throws IOException
    {
        // A BGP4MP_MESSAGE (2-octet ASes in the record and in the message): AS_TRANS in AS_PATH, the real path in AS4_PATH.
        final byte[] update = MessageEncoder.encode(UpdateMessage.announce(ATTRIBUTES.with(new PathAttribute.NextHop(PEER_NEXT_HOP)),
            List.of(Prefix4.parse("198.19.0.0/16"))), new CodecOptions(false, false, true));
        final ByteBuffer b = ByteBuffer.allocate(12 + 16 + update.length);
        b.putInt((int)T).putShort((short)Bgp4mp.BGP4MP).putShort((short)MrtUpdateReader.MESSAGE).putInt(16 + update.length);
        b.putShort((short)23456).putShort((short)COLLECTOR_AS).putShort((short)0).putShort((short)Bgp4mp.AFI_IPV4)
            .putInt(0xC6120101).putInt(0xC6120102).put(update);
        final List<MrtUpdateReader.Update> updates = new ArrayList<>();
        final MrtUpdateReader.Summary s = MrtUpdateReader.read(new ByteArrayInputStream(b.array()), p -> true, updates::add);
        assertEquals(1, s.updates());
        assertEquals(23456, updates.get(0).peer().asNumber(), "the record's 2-octet peer AS: AS_TRANS");
        assertEquals(ATTRIBUTES.asPath(), updates.get(0).announced().get(0).path().attributes().asPath());
        assertEquals(null, updates.get(0).announced().get(0).path().attributes().get(PathAttribute.AS4_PATH));
    }

    @Test
    void shouldReadPathIdentifiersOfAnAddPathRecordAndMicrosecondsOfAnExtendedTimestamp() throws IOException
    {
        final CodecOptions addPath = new CodecOptions(true, true, true, Set.of(), Set.of(AfiSafi.IPV4_UNICAST));
        final byte[] update = MessageEncoder.encode(new UpdateMessage(List.of(Prefix4.parse("198.19.2.0/24")),
            ATTRIBUTES.with(new PathAttribute.NextHop(PEER_NEXT_HOP)), List.of(Prefix4.parse("198.19.0.0/16"),
            Prefix4.parse("198.19.0.0/16")), null, null, List.of(9), List.of(1, 2)), addPath);
        final ByteBuffer b = ByteBuffer.allocate(12 + 4 + 20 + update.length);
        b.putInt((int)T).putShort((short)MrtUpdateReader.BGP4MP_ET).putShort((short)MrtUpdateReader.MESSAGE_AS4_ADDPATH)
            .putInt(4 + 20 + update.length).putInt(250_000);
        b.putInt(PEER_AS).putInt(COLLECTOR_AS).putShort((short)0).putShort((short)Bgp4mp.AFI_IPV4)
            .putInt(0xC6120101).putInt(0xC6120102).put(update);
        final List<String> seen = new ArrayList<>();
        MrtUpdateReader.read(new ByteArrayInputStream(b.array()), p -> true, sink(seen));
        assertEquals(List.of("update 198.18.1.1 AS4200000001 at " + (T * 1_000_000 + 250_000) + ": announced [" +
            "198.19.0.0/16 id 1 via 198.18.1.1 path [4200000001 6939 13335], " +
            "198.19.0.0/16 id 2 via 198.18.1.1 path [4200000001 6939 13335]] withdrawn [198.19.2.0/24 id 9]"), seen);
    }

    @Test
    void shouldReadBackTheAddPathRecordsOfJunctionsOwnUpdateLog() throws IOException
    {
        // The recorder's BGP4MP_MESSAGE_AS4_ADDPATH for a session that receives Path Identifiers (RFC 8050 §3).
        final CodecOptions addPath = new CodecOptions(true, true, true, Set.of(), Set.of(AfiSafi.IPV4_UNICAST));
        final byte[] update = MessageEncoder.encode(new UpdateMessage(List.of(), ATTRIBUTES.with(
            new PathAttribute.NextHop(PEER_NEXT_HOP)), List.of(Prefix4.parse("198.19.0.0/16")), null, null, List.of(),
            List.of(7)), addPath);
        final ExpandableArrayBuffer b = new ExpandableArrayBuffer(256);
        final int n = Bgp4mp.writeMessage(b, 0, T, PEER_AS, COLLECTOR_AS, PEER, COLLECTOR, new UnsafeBuffer(update), 0,
            update.length, true);
        final List<String> seen = new ArrayList<>();
        MrtUpdateReader.read(new ByteArrayInputStream(Arrays.copyOf(b.byteArray(), n)), p -> true, sink(seen));
        assertEquals(List.of("update 198.18.1.1 AS4200000001 at " + T * 1_000_000 + ": announced [" +
            "198.19.0.0/16 id 7 via 198.18.1.1 path [4200000001 6939 13335]] withdrawn []"), seen);
    }

    @Test
    void shouldWithdrawWhatAMalformedUpdateAnnouncedAndSkipTheCollectorsOwnMessages() throws IOException
    {
        final Log log = new Log();
        // RFC 7607: AS 0 in AS_PATH is treat-as-withdraw.
        log.message(MessageEncoder.encode(UpdateMessage.announce(PathAttributes.of(PathAttribute.Origin.ORIGIN_IGP,
            new PathAttribute.AsPath(List.of(AsPathSegment.sequence(PEER_AS, 0))), new PathAttribute.NextHop(PEER_NEXT_HOP)),
            List.of(Prefix4.parse("198.19.0.0/16"))), AS4));
        final byte[] local = log.last();
        local[7] = (byte)MrtUpdateReader.MESSAGE_AS4_LOCAL;
        log.raw(local);
        final List<String> seen = new ArrayList<>();
        final MrtUpdateReader.Summary s = MrtUpdateReader.read(log.stream(), p -> true, sink(seen));
        assertEquals(List.of("update 198.18.1.1 AS4200000001 at " + T * 1_000_000 +
            ": announced [] withdrawn [198.19.0.0/16 id 0]"), seen);
        assertEquals(1, s.treatedAsWithdraw());
        assertEquals(1, s.skipped(), "what the collector sent");
    }

    @Test
    void shouldGiveOnlyTheWantedPeersAndRefuseARecordCutShort() throws IOException
    {
        final Log log = new Log();
        log.message(MessageEncoder.encode(UpdateMessage.withdraw(List.of(Prefix4.parse("198.19.0.0/16"))), AS4));
        final List<String> seen = new ArrayList<>();
        final MrtUpdateReader.Summary s = MrtUpdateReader.read(log.stream(), p -> p.asNumber() == 65001, sink(seen));
        assertEquals(List.of(), seen);
        assertEquals(0, s.updates());
        assertEquals(1, s.peers().size(), "seen, not wanted");
        final byte[] whole = log.bytes();
        final IOException ex = assertThrows(IOException.class, () -> MrtUpdateReader.read(
            new ByteArrayInputStream(Arrays.copyOf(whole, whole.length - 2)), p -> true, sink(seen)));
        assertEquals("MRT record at offset 0 is cut short", ex.getMessage());
    }

    /**
     * The RIS update logs read as Debian's {@code bgpdump -m} reads them: the same announcements (peer, prefix, AS
     * path, next hop) and withdrawals (peer, prefix), line for line as multisets, and the same state changes.
     */
    @ParameterizedTest
    @ValueSource(strings = {"updates.20160811.1600.gz", "updates.20070211.0141.gz", "updates.long_withdrawal.gz"})
    void shouldReadTheRisUpdateLogsAsBgpdumpDoes(final String name) throws Exception
    {
        final java.nio.file.Path file = SharedData.require(SharedData.MRT, name);
        final Map<String, Integer> ours = new HashMap<>();
        final MrtUpdateReader.Summary s = MrtUpdateReader.read(file, p -> true, new MrtUpdateReader.Sink()
        {
            @Override
            public void update(final MrtUpdateReader.Update u)
            {
                final String peer = u.peer().address() + "|" + Integer.toUnsignedString(u.peer().asNumber());
                for (final MrtUpdateReader.Withdrawn w : u.withdrawn())
                {
                    ours.merge("W|" + peer + "|" + w.prefix(), 1, Integer::sum);
                }
                for (final MrtUpdateReader.Announced a : u.announced())
                {
                    ours.merge("A|" + peer + "|" + a.prefix() + "|" + asPath(a.path().attributes()) + "|" +
                        a.path().nextHop(), 1, Integer::sum);
                }
            }

            @Override
            public void stateChange(final MrtUpdateReader.Peer p, final long t, final int oldState, final int newState)
            {
                ours.merge("STATE|" + p.address() + "|" + Integer.toUnsignedString(p.asNumber()) + "|" + oldState + "|" +
                    newState, 1, Integer::sum);
            }
        });
        final Process bgpdump = new ProcessBuilder("bgpdump", "-m", file.toString()).redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
        final Map<String, Integer> theirs = new HashMap<>();
        for (final String line : new String(bgpdump.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n"))
        {
            // BGP4MP|TIME|A|PEER|PEER_AS|PREFIX|AS_PATH|ORIGIN|NEXT_HOP|..., BGP4MP|TIME|W|PEER|PEER_AS|PREFIX,
            // BGP4MP|TIME|STATE|PEER|PEER_AS|OLD|NEW
            final String[] f = line.split("\\|");
            if (f.length < 6)
            {
                continue;
            }
            final String key = switch (f[2])
            {
                case "A" -> "A|" + f[3] + "|" + f[4] + "|" + f[5] + "|" + f[6] + "|" + f[8];
                default -> String.join("|", Arrays.copyOfRange(f, 2, Math.min(f.length, 7)));
            };
            theirs.merge(key, 1, Integer::sum);
        }
        assertTrue(bgpdump.waitFor(60, TimeUnit.SECONDS));
        final long announced = theirs.entrySet().stream().filter(e -> e.getKey().startsWith("A|")).mapToLong(Map.Entry::getValue).sum();
        assertEquals(announced, s.announced(), s.toString());
        assertEquals(0, s.bad(), s.toString());
        final Map<String, Integer> onlyOurs = diff(ours, theirs);
        final Map<String, Integer> onlyTheirs = diff(theirs, ours);
        assertEquals(Map.of(), onlyOurs, "not in bgpdump's reading (" + onlyTheirs.size() + " of its not in ours, such as " +
            onlyTheirs.keySet().stream().limit(3).toList() + ")");
        assertEquals(Map.of(), onlyTheirs);
    }

    private static Map<String, Integer> diff(final Map<String, Integer> a, final Map<String, Integer> b)
    {
        return a.entrySet().stream().filter(e -> !e.getValue().equals(b.get(e.getKey())))
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** An AS path as bgpdump prints it: ASes by spaces, a set in braces with commas. */
    private static String asPath(final PathAttributes a)
    {
        final PathAttribute.AsPath path = a.asPath();
        if (path == null)
        {
            return "";
        }
        return path.segments().stream().map(seg ->
        {
            final String members = Arrays.stream(seg.asns()).mapToObj(Integer::toUnsignedString)
                .collect(Collectors.joining(seg.type() == AsPathSegment.AS_SET ? "," : " "));
            return seg.type() == AsPathSegment.AS_SET ? "{" + members + "}" : members;
        }).collect(Collectors.joining(" "));
    }

    private static MrtUpdateReader.Sink sink(final List<String> seen)
    {
        return new MrtUpdateReader.Sink()
        {
            @Override
            public void update(final MrtUpdateReader.Update u)
            {
                seen.add("update " + peer(u.peer()) + " at " + u.timestampMicros() + ": announced " + u.announced().stream()
                    .map(a -> a.prefix() + " id " + a.pathId() + " via " + a.path().nextHop() + " path " +
                        Arrays.stream(a.path().attributes().asPath().segments().get(0).asns()).mapToObj(Integer::toUnsignedString)
                            .toList().toString().replace(",", ""))
                    .toList() + " withdrawn " + u.withdrawn().stream().map(w -> w.prefix() + " id " + w.pathId()).toList());
            }

            @Override
            public void stateChange(final MrtUpdateReader.Peer p, final long t, final int oldState, final int newState)
            {
                seen.add("state " + peer(p) + " " + oldState + "->" + newState + " at " + t);
            }
        };
    }

    private static String peer(final MrtUpdateReader.Peer p)
    {
        return p.address() + " AS" + Integer.toUnsignedString(p.asNumber());
    }

    /** An update log written by Junction's own BGP4MP writer. */
    private static final class Log
    {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private byte[] last;

        void message(final byte[] message)
        {
            final ExpandableArrayBuffer b = new ExpandableArrayBuffer(64 + message.length);
            final int n = Bgp4mp.writeMessage(b, 0, T, PEER_AS, COLLECTOR_AS, PEER, COLLECTOR, new UnsafeBuffer(message), 0,
                message.length);
            raw(Arrays.copyOf(b.byteArray(), n));
        }

        void stateChange(final int oldState, final int newState)
        {
            final ExpandableArrayBuffer b = new ExpandableArrayBuffer(128);
            final int n = Bgp4mp.writeStateChange(b, 0, T, PEER_AS, COLLECTOR_AS, PEER, COLLECTOR, oldState, newState);
            raw(Arrays.copyOf(b.byteArray(), n));
        }

        void raw(final byte[] record)
        {
            last = record.clone();
            out.writeBytes(record);
        }

        byte[] last()
        {
            return last.clone();
        }

        byte[] bytes()
        {
            return out.toByteArray();
        }

        ByteArrayInputStream stream()
        {
            return new ByteArrayInputStream(out.toByteArray());
        }
    }
}
