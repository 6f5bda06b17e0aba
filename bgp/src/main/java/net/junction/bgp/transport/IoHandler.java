/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.bgp.transport;

import java.nio.channels.SelectionKey;

/**
 * What an {@link EventLoop} calls when a registered channel is ready; the attachment of its key.
 */
@FunctionalInterface
public interface IoHandler
{
    /**
     * @param key the ready key; {@link SelectionKey#readyOps()} says for what.
     */
    void onReady(SelectionKey key);
}
