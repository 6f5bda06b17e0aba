package net.junction.dataplane.capture;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.agrona.DirectBuffer;

/**
 * {@code junction capture --filter}: a small subset of pcap-filter(7), applied by the capture reader to the frames the
 * workers copied (off the fast path), so the data plane needs no libpcap. The subset:
 *
 * <pre>
 *   expr      := and-expr { "or" and-expr }
 *   and-expr  := term { "and" term }
 *   term      := [ "not" ] primitive | "(" expr ")"
 *   primitive := ip | ip6 | arp | icmp | icmp6 | tcp | udp
 *              | [src|dst] host ADDRESS           (IPv4 or IPv6 literal)
 *              | [src|dst] net ADDRESS/LENGTH
 *              | [src|dst] port NUMBER           (TCP or UDP)
 * </pre>
 * Frames may carry one 802.1Q tag; IPv6 extension headers are not walked (a protocol or port behind one does not
 * match). A frame cut short by the snap length before a field the filter reads does not match.
 */
public final class CaptureFilter
{
    /** A frame's fields the primitives read, parsed once per frame. */
    static final class Frame
    {
        int etherType;
        int protocol = -1;
        byte[] src = new byte[16];
        byte[] dst = new byte[16];
        int addressLength;
        int srcPort = -1;
        int dstPort = -1;
    }

    private interface Node
    {
        boolean test(Frame f);
    }

    public static final CaptureFilter ALL = new CaptureFilter(f -> true, "");

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int ETHERTYPE_ARP = 0x0806;
    private static final int ETHERTYPE_VLAN = 0x8100;

    private final Node root;
    private final String text;
    private final Frame frame = new Frame();

    private CaptureFilter(final Node root, final String text)
    {
        this.root = root;
        this.text = text;
    }

    /**
     * @param expression the filter ({@code null} or blank: every frame).
     * @return it, parsed.
     * @throws IllegalArgumentException with what is wrong, when it is not in the subset.
     */
    public static CaptureFilter parse(final String expression)
    {
        if (expression == null || expression.isBlank())
        {
            return ALL;
        }
        final List<String> tokens = new ArrayList<>();
        for (final String t : expression.replace("(", " ( ").replace(")", " ) ").trim().split("\\s+"))
        {
            tokens.add(t.toLowerCase(Locale.ROOT));
        }
        final Parser p = new Parser(tokens);
        final Node root = p.or();
        if (p.i != tokens.size())
        {
            throw new IllegalArgumentException("filter: unexpected '" + tokens.get(p.i) + "'");
        }
        return new CaptureFilter(root, expression.trim());
    }

    /** @return the expression as given. */
    public String text()
    {
        return text;
    }

    /** @return whether the frame ({@code length} bytes at {@code offset}) matches. */
    public boolean matches(final DirectBuffer buffer, final int offset, final int length)
    {
        if (this == ALL)
        {
            return true;
        }
        parseFrame(buffer, offset, length, frame);
        return root.test(frame);
    }

    static void parseFrame(final DirectBuffer b, final int offset, final int length, final Frame f)
    {
        f.etherType = -1;
        f.protocol = -1;
        f.addressLength = 0;
        f.srcPort = -1;
        f.dstPort = -1;
        int l3 = 14;
        if (length < l3)
        {
            return;
        }
        int type = (b.getByte(offset + 12) & 0xff) << 8 | b.getByte(offset + 13) & 0xff;
        if (type == ETHERTYPE_VLAN && length >= 18)
        {
            type = (b.getByte(offset + 16) & 0xff) << 8 | b.getByte(offset + 17) & 0xff;
            l3 = 18;
        }
        f.etherType = type;
        int l4;
        if (type == ETHERTYPE_IPV4 && length >= l3 + 20)
        {
            f.protocol = b.getByte(offset + l3 + 9) & 0xff;
            f.addressLength = 4;
            b.getBytes(offset + l3 + 12, f.src, 0, 4);
            b.getBytes(offset + l3 + 16, f.dst, 0, 4);
            final int fragmentOffset = ((b.getByte(offset + l3 + 6) & 0x1f) << 8) | b.getByte(offset + l3 + 7) & 0xff;
            if (fragmentOffset != 0)
            {
                return;
            }
            l4 = l3 + (b.getByte(offset + l3) & 0x0f) * 4;
        }
        else if (type == ETHERTYPE_IPV6 && length >= l3 + 40)
        {
            f.protocol = b.getByte(offset + l3 + 6) & 0xff;
            f.addressLength = 16;
            b.getBytes(offset + l3 + 8, f.src, 0, 16);
            b.getBytes(offset + l3 + 24, f.dst, 0, 16);
            l4 = l3 + 40;
        }
        else
        {
            return;
        }
        if ((f.protocol == 6 || f.protocol == 17) && length >= l4 + 4)
        {
            f.srcPort = (b.getByte(offset + l4) & 0xff) << 8 | b.getByte(offset + l4 + 1) & 0xff;
            f.dstPort = (b.getByte(offset + l4 + 2) & 0xff) << 8 | b.getByte(offset + l4 + 3) & 0xff;
        }
    }

    private static final class Parser
    {
        final List<String> tokens;
        int i;

        Parser(final List<String> tokens)
        {
            this.tokens = tokens;
        }

        Node or()
        {
            Node left = and();
            while (peek("or") || peek("||"))
            {
                i++;
                final Node l = left;
                final Node r = and();
                left = f -> l.test(f) || r.test(f);
            }
            return left;
        }

        Node and()
        {
            Node left = term();
            while (peek("and") || peek("&&"))
            {
                i++;
                final Node l = left;
                final Node r = term();
                left = f -> l.test(f) && r.test(f);
            }
            return left;
        }

        Node term()
        {
            if (peek("not") || peek("!"))
            {
                i++;
                final Node n = term();
                return f -> !n.test(f);
            }
            if (peek("("))
            {
                i++;
                final Node n = or();
                expect(")");
                return n;
            }
            return primitive();
        }

        Node primitive()
        {
            final String word = next("a primitive (ip, ip6, arp, icmp, icmp6, tcp, udp, host, net, port)");
            int side = 0; // 0 either, 1 src, 2 dst
            String kind = word;
            if (word.equals("src") || word.equals("dst"))
            {
                side = word.equals("src") ? 1 : 2;
                kind = next("host, net or port after " + word);
            }
            final int s = side;
            return switch (kind)
            {
                case "ip" -> protocolOrType(s, kind, f -> f.etherType == ETHERTYPE_IPV4);
                case "ip6" -> protocolOrType(s, kind, f -> f.etherType == ETHERTYPE_IPV6);
                case "arp" -> protocolOrType(s, kind, f -> f.etherType == ETHERTYPE_ARP);
                case "icmp" -> protocolOrType(s, kind, f -> f.etherType == ETHERTYPE_IPV4 && f.protocol == 1);
                case "icmp6" -> protocolOrType(s, kind, f -> f.etherType == ETHERTYPE_IPV6 && f.protocol == 58);
                case "tcp" -> protocolOrType(s, kind, f -> f.protocol == 6);
                case "udp" -> protocolOrType(s, kind, f -> f.protocol == 17);
                case "host" ->
                {
                    final byte[] a = address(next("an address after host")).getAddress();
                    yield f -> f.addressLength == a.length && (s != 2 && prefix(f.src, a, a.length * 8) ||
                        s != 1 && prefix(f.dst, a, a.length * 8));
                }
                case "net" ->
                {
                    final String text = next("a prefix after net");
                    final int slash = text.indexOf('/');
                    final byte[] a = address(slash < 0 ? text : text.substring(0, slash)).getAddress();
                    final int bits = slash < 0 ? a.length * 8 : number(text.substring(slash + 1), a.length * 8);
                    yield f -> f.addressLength == a.length && (s != 2 && prefix(f.src, a, bits) ||
                        s != 1 && prefix(f.dst, a, bits));
                }
                case "port" ->
                {
                    final int port = number(next("a number after port"), 65535);
                    yield f -> s != 2 && f.srcPort == port || s != 1 && f.dstPort == port;
                }
                default -> throw new IllegalArgumentException("filter: '" + kind +
                    "' is not in the supported subset (ip, ip6, arp, icmp, icmp6, tcp, udp, [src|dst] host/net/port, and, or, not)");
            };
        }

        private static Node protocolOrType(final int side, final String kind, final Node node)
        {
            if (side != 0)
            {
                throw new IllegalArgumentException("filter: src/dst before " + kind);
            }
            return node;
        }

        private static InetAddress address(final String text)
        {
            try
            {
                final InetAddress a = InetAddress.ofLiteral(text);
                if (!(a instanceof Inet4Address) && !(a instanceof Inet6Address))
                {
                    throw new IllegalArgumentException("filter: not an address: " + text);
                }
                return a;
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("filter: not an IPv4 or IPv6 address: '" + text + "'");
            }
        }

        private static int number(final String text, final int max)
        {
            try
            {
                final int n = Integer.parseInt(text);
                if (n < 0 || n > max)
                {
                    throw new NumberFormatException();
                }
                return n;
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("filter: '" + text + "' is not a number in 0.." + max);
            }
        }

        private boolean peek(final String token)
        {
            return i < tokens.size() && tokens.get(i).equals(token);
        }

        private String next(final String what)
        {
            if (i >= tokens.size())
            {
                throw new IllegalArgumentException("filter: expected " + what + " at the end");
            }
            return tokens.get(i++);
        }

        private void expect(final String token)
        {
            if (!peek(token))
            {
                throw new IllegalArgumentException("filter: expected '" + token + "'");
            }
            i++;
        }
    }

    static boolean prefix(final byte[] address, final byte[] network, final int bits)
    {
        final int whole = bits / 8;
        if (!Arrays.equals(address, 0, whole, network, 0, whole))
        {
            return false;
        }
        final int rest = bits % 8;
        if (rest == 0)
        {
            return true;
        }
        final int mask = 0xff << (8 - rest) & 0xff;
        return (address[whole] & mask) == (network[whole] & mask);
    }
}
