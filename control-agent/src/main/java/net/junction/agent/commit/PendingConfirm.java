/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.commit;

import java.time.Instant;

/**
 * A commit made with {@code --confirm MINUTES} that is running and not yet confirmed.
 *
 * @param commit     its number (the running version).
 * @param deadline   when it is rolled back unless confirmed.
 * @param rollbackTo the commit whose document comes back then: the one it replaced.
 */
public record PendingConfirm(long commit, Instant deadline, long rollbackTo)
{
}
