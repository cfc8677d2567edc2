package io.memberlist.testing;

/** A process that buffers observing events during an input and hands them out afterwards. */
interface EngineHooks {
    void flushEvents();
}
