/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */

/**
 * Routing policy: the data model ({@link net.junction.bgp.policy.Policy}) and its evaluation
 * ({@link net.junction.bgp.policy.PolicyEvaluator}): prefix lists with ge/le, AS-path regular
 * expressions with {@code _} boundaries ({@link net.junction.bgp.policy.AsPathRegex}), community and
 * large-community patterns, next-hop prefixes, family; actions on LOCAL_PREF, MED, communities,
 * AS_PATH and next hop. RFC 8212's defaults for neighbors without policies are applied by the RIB.
 */
package net.junction.bgp.policy;
