package io.memberlist.campaign;

import io.memberlist.core.MemberEvent;
import io.memberlist.testing.SimNode;

/**
 * One invariant, checked while a seed runs. The run hands every checker every observing event
 * of every node as it is emitted, and after every simulation step the node the step touched
 * (only that node's view can have changed). A checker reports a broken invariant through
 * {@link CampaignRun#fail}, which stops the seed.
 */
interface Checker {
    /** The checker's name, as reports and docs/TESTING.md use it. */
    String name();

    /** An event {@code observer}'s node emitted (membership, user message, ping). */
    default void onEvent(SimNode observer, MemberEvent event) {}

    /** After a step that delivered an input or a timer to {@code touched} (a running node). */
    default void afterStep(SimNode touched) {}
}
