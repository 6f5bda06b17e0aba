/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.routing.qsbr;

/**
 * {@link Qsbr#synchronize} gave up: a reader has not reported a quiescent state since the token was
 * taken. Either the worker is stuck in a burst, or it blocked without going offline first.
 */
public final class QsbrTimeoutException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int readerId;
    private final long token;
    private final long readerToken;

    /**
     * @param readerId    the reader that had not passed the token.
     * @param token       the token waited for.
     * @param readerToken the last token that reader reported.
     * @param timeoutNs   how long the writer waited.
     */
    public QsbrTimeoutException(final int readerId, final long token, final long readerToken, final long timeoutNs)
    {
        super("QSBR reader " + readerId + " has not passed token " + token + " after " + timeoutNs +
            " ns: it last reported token " + readerToken + " (stuck in a burst, or blocked while online)");
        this.readerId = readerId;
        this.token = token;
        this.readerToken = readerToken;
    }

    /** @return the reader that had not passed the token. */
    public int readerId()
    {
        return readerId;
    }

    /** @return the token waited for. */
    public long token()
    {
        return token;
    }

    /** @return the last token the stuck reader reported. */
    public long readerToken()
    {
        return readerToken;
    }
}
