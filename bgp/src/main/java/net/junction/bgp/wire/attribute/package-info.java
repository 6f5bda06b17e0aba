/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */

/**
 * BGP path attributes as immutable values ({@link net.junction.bgp.wire.attribute.PathAttribute},
 * {@link net.junction.bgp.wire.attribute.PathAttributes}), the RFC 6793 AS_PATH/AS4_PATH reconstruction
 * ({@link net.junction.bgp.wire.attribute.AsPaths}) and the {@link net.junction.bgp.wire.attribute.Interner}
 * that lets every route with the same attributes share one instance.
 */
package net.junction.bgp.wire.attribute;
