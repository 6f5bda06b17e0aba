/*
 * Copyright 2026 The Junction Authors. SPDX-License-Identifier: AGPL-3.0-only
 */
package net.junction.agent.config.diff;

/** The kinds of object a {@link ConfigDiff} compares one by one, each with the key it is matched by. */
public enum ObjectKind
{
    /** {@code name}: the instance name. Key: {@code name}. */
    INSTANCE("instance"),
    /** The {@code dpdk:} section. Key: {@code dpdk}. */
    DPDK("dpdk"),
    /** {@code cores:}. Key: {@code cores}. */
    CORES("cores"),
    /** One entry of {@code ports:}. Key: the port's name. */
    PORT("port"),
    /** One static route, from {@code routes:} or {@code routes-file}. Key: the prefix. */
    ROUTE("route"),
    /** One static neighbor entry. Key: {@code ADDRESS on PORT}. */
    NEIGHBOR("neighbor"),
    /** The {@code bgp:} section's own settings (local-as, router-id, listen, multipath). Key: {@code bgp}. */
    BGP("bgp"),
    /** One BGP neighbor. Key: its name. */
    BGP_NEIGHBOR("bgp neighbor"),
    /** One prefix of {@code bgp.networks}. Key: the prefix. */
    BGP_NETWORK("bgp network"),
    /** One policy of {@code bgp.policies}. Key: its name. */
    POLICY("policy"),
    /** One term of a policy present on both sides. Key: {@code POLICY/TERM}. */
    POLICY_TERM("policy term"),
    /** The {@code api:} section. Key: {@code api}. */
    API("api"),
    /** The {@code metrics:} section. Key: {@code metrics}. */
    METRICS("metrics"),
    /** The {@code journal:} section. Key: {@code journal}. */
    JOURNAL("journal"),
    /** The {@code copp:} section (control-plane policing). Key: {@code copp}. */
    COPP("copp");

    private final String label;

    ObjectKind(final String label)
    {
        this.label = label;
    }

    /**
     * @return how a person reads the kind, such as {@code bgp neighbor}.
     */
    public String label()
    {
        return label;
    }
}
