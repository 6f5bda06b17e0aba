/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TLS key store made in memory from the PEM files of {@code api.tls}: a certificate chain and a
 * PKCS#8 private key ({@code BEGIN PRIVATE KEY}, what {@code openssl genpkey} and
 * {@code openssl req -newkey} write; convert an older {@code BEGIN RSA/EC PRIVATE KEY} with
 * {@code openssl pkcs8 -topk8 -nocrypt}). RSA, EC and Ed25519 keys.
 */
final class PemKeys
{
    static final String ALIAS = "junction-api";
    private static final Pattern PRIVATE_KEY =
        Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448");

    private PemKeys()
    {
    }

    /**
     * @param certificate PEM certificates, the server's first.
     * @param key         PEM PKCS#8 private key.
     * @param password    what protects the key entry in the returned store.
     * @return a PKCS12 key store holding them under {@value #ALIAS}.
     * @throws IOException naming the file that could not be read or understood.
     */
    static KeyStore keyStore(final Path certificate, final Path key, final char[] password) throws IOException
    {
        final List<? extends Certificate> chain;
        try
        {
            chain = List.copyOf(CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(certificate))));
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IOException(certificate + ": not PEM certificates: " + ex.getMessage(), ex);
        }
        if (chain.isEmpty())
        {
            throw new IOException(certificate + ": holds no certificate");
        }
        final PrivateKey privateKey = privateKey(key);
        try
        {
            final KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, privateKey, password, chain.toArray(Certificate[]::new));
            return store;
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IOException(key + " does not go with " + certificate + ": " + ex.getMessage(), ex);
        }
    }

    private static PrivateKey privateKey(final Path key) throws IOException
    {
        final Matcher m = PRIVATE_KEY.matcher(Files.readString(key, StandardCharsets.US_ASCII));
        if (!m.find())
        {
            throw new IOException(key + ": no '-----BEGIN PRIVATE KEY-----' block (PKCS#8); convert the key with " +
                "openssl pkcs8 -topk8 -nocrypt");
        }
        final byte[] der = Base64.getMimeDecoder().decode(m.group(1));
        for (final String algorithm : KEY_ALGORITHMS)
        {
            try
            {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            }
            catch (final GeneralSecurityException ignored)
            {
                // try the next algorithm
            }
        }
        throw new IOException(key + ": a private key of none of " + KEY_ALGORITHMS);
    }
}
