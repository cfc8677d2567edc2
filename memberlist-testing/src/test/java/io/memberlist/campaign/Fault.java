package io.memberlist.campaign;

import java.util.List;

/**
 * One planned fault or workload step of a seed's schedule. Times are in ticks (10 ms of virtual
 * time, {@link CampaignRun#TICK}); members are named by their index in the cluster (0..N-1), and
 * resolved to the process running under that name when the fault starts. Interval faults last
 * {@code length} ticks and all end by the end of the fault window.
 */
sealed interface Fault {
    /** The tick the fault starts at. */
    int at();

    /** Datagram loss raised to {@code loss} for the interval (the highest active burst wins). */
    record LossBurst(int at, int length, double loss) implements Fault {}

    /** Each datagram delivered twice with probability {@code p}. */
    record Duplication(int at, int length, double p) implements Fault {}

    /** Each datagram held back an extra {@code U[0, extraMs)} with probability {@code p}. */
    record Reordering(int at, int length, double p, int extraMs) implements Fault {}

    /** One-way delay raised to {@code latencyMs + U[0, jitterMs)}. */
    record LatencySpike(int at, int length, int latencyMs, int jitterMs) implements Fault {}

    /** {@code side} cut off from every other member, both ways, datagrams and streams. */
    record Partition(int at, int length, List<Integer> side) implements Fault {}

    /** Nothing from {@code from} reaches {@code to} (datagrams and streams); the other way works. */
    record OneWayCut(int at, int length, List<Integer> from, List<Integer> to) implements Fault {}

    /** Datagrams from {@code from} to {@code to} are dropped; streams pass. */
    record PacketCut(int at, int length, int from, int to) implements Fault {}

    /** Streams between {@code from} and {@code to} stall (connects time out); datagrams pass. */
    record StreamCut(int at, int length, int from, int to) implements Fault {}

    /** The member processes nothing for the interval (a GC pause, a stopped VM). */
    record Pause(int at, int length, int member) implements Fault {}

    /** Everything reaching the member is handled {@code delayMs} late; its timers run on time. */
    record Slow(int at, int length, int member, int delayMs) implements Fault {}

    /**
     * The member's process dies ({@code kill -9}). After {@code downTicks} (-1: never) a new
     * process starts under the same name, at the same address or ({@code newAddress}) a new one,
     * and joins through up to three live members.
     */
    record Crash(int at, int member, int downTicks, boolean newAddress) implements Fault {}

    /**
     * The member leaves gracefully and shuts down; after {@code downTicks} (-1: never) it starts
     * again under the same name (same or new address) and rejoins.
     */
    record Leave(int at, int member, int downTicks, boolean newAddress) implements Fault {}

    /** The member changes its metadata and gossips it with a new incarnation. */
    record MetaUpdate(int at, int member) implements Fault {}

    /** The member's application publishes a user broadcast of {@code size} bytes. */
    record UserBroadcast(int at, int member, int size) implements Fault {}

    /** {@code from} sends {@code to} a user message, over a stream ({@code reliable}) or a datagram. */
    record UserMessage(int at, int from, int to, boolean reliable, int size) implements Fault {}
}
