/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;

/**
 * Bearer tokens of the TCP listener, in {@code STATE_DIR/api-tokens.json} (mode 0600). A token is
 * 256 random bits ({@code jn_} and 43 base64url characters), shown once when made; only its
 * SHA-256 is stored. A plain hash is right here, unlike for passwords: a random 256-bit secret
 * cannot be guessed, so there is nothing for a slow hash to protect. Checking compares the hash
 * with every stored one in constant time ({@link MessageDigest#isEqual}).
 * <p>
 * Thread-safe: every method holds this object's monitor; the file is replaced atomically.
 */
final class TokenStore
{
    static final String FILE_NAME = "api-tokens.json";
    static final String PREFIX = "jn_";
    static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,32}");
    private static final int SECRET_BYTES = 32;

    /**
     * A stored token, without its secret.
     *
     * @param name      {@code [a-z0-9-]{1,32}}, unique.
     * @param role      what it may do.
     * @param created   when.
     * @param createdBy who made it.
     * @param sha256    hex SHA-256 of the token text.
     */
    record StoredToken(String name, Role role, Instant created, String createdBy, String sha256)
    {
    }

    /** What {@link #list} shows: no hash. */
    record TokenView(String name, String role, Instant created, String createdBy)
    {
    }

    /** What {@link #create} answers once: the secret too. */
    record NewToken(String name, String role, Instant created, String createdBy, String token)
    {
    }

    private final Path file;
    private final SecureRandom random = new SecureRandom();
    private List<StoredToken> tokens;

    private TokenStore(final Path file, final List<StoredToken> tokens)
    {
        this.file = file;
        this.tokens = tokens;
    }

    static TokenStore open(final Path stateDirectory) throws IOException
    {
        final Path file = stateDirectory.resolve(FILE_NAME);
        if (!Files.exists(file))
        {
            return new TokenStore(file, List.of());
        }
        final List<StoredToken> stored = Json.MAPPER.readValue(Files.readString(file), new TypeReference<>()
        {
        });
        return new TokenStore(file, List.copyOf(stored));
    }

    /**
     * @param token the text of an {@code Authorization: Bearer} header.
     * @return the stored token it is, or empty.
     */
    synchronized Optional<StoredToken> authenticate(final String token)
    {
        final byte[] hash = sha256(token);
        StoredToken found = null;
        for (final StoredToken stored : tokens)
        {
            // Every entry is compared, in constant time each, so the time taken says nothing of which matched.
            if (MessageDigest.isEqual(hash, HexFormat.of().parseHex(stored.sha256())) && null == found)
            {
                found = stored;
            }
        }
        return Optional.ofNullable(found);
    }

    synchronized List<TokenView> list()
    {
        return tokens.stream().map(t -> new TokenView(t.name(), t.role().text(), t.created(), t.createdBy())).toList();
    }

    /**
     * @throws ApiException 409 when the name is taken.
     */
    synchronized NewToken create(final String name, final Role role, final String createdBy, final Instant now) throws IOException
    {
        if (tokens.stream().anyMatch(t -> t.name().equals(name)))
        {
            throw new ApiException(Problem.of(409, "conflict", "the name is taken",
                "name: a token named '" + name + "' exists: delete it first",
                List.of(new Problem.FieldError("name", "a token named '" + name + "' exists: delete it first"))));
        }
        final byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        final String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        final List<StoredToken> next = new ArrayList<>(tokens);
        next.add(new StoredToken(name, role, now, createdBy, HexFormat.of().formatHex(sha256(token))));
        store(next);
        return new NewToken(name, role.text(), now, createdBy, token);
    }

    /** @return whether it existed. */
    synchronized boolean delete(final String name) throws IOException
    {
        final List<StoredToken> next = tokens.stream().filter(t -> !t.name().equals(name)).toList();
        if (next.size() == tokens.size())
        {
            return false;
        }
        store(next);
        return true;
    }

    private void store(final List<StoredToken> next) throws IOException
    {
        final Path temp = file.resolveSibling(".tmp-" + FILE_NAME);
        Files.deleteIfExists(temp);
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, Json.write(next), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE))
        {
            channel.force(true);
        }
        try
        {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final AtomicMoveNotSupportedException ex)
        {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ))
        {
            directory.force(true);
        }
        tokens = List.copyOf(next);
    }

    private static byte[] sha256(final String text)
    {
        try
        {
            return MessageDigest.getInstance("SHA-256").digest(Objects.requireNonNull(text).getBytes(StandardCharsets.UTF_8));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("every Java runtime has SHA-256", ex);
        }
    }
}
