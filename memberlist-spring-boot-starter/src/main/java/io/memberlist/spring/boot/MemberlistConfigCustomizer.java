package io.memberlist.spring.boot;

import io.memberlist.Config;

/**
 * Adjusts the configuration after the {@code memberlist.*} properties were applied and before it
 * is built: the place for delegates, event listeners and timings that properties do not carry.
 * Every bean of this type is applied, in {@link org.springframework.core.annotation.Order} order.
 *
 * <pre>{@code
 * @Bean
 * MemberlistConfigCustomizer events(MyListener listener) {
 *     return builder -> builder.events(listener);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface MemberlistConfigCustomizer {
    /**
     * Changes {@code builder} in place.
     *
     * @param builder the configuration so far; {@link Config.Builder#build()} validates it afterwards
     */
    void customize(Config.Builder builder);
}
