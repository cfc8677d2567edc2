/**
 * Micrometer binding for memberlist: {@code MicrometerMetrics} reports the library's metrics to a
 * Micrometer {@code MeterRegistry}.
 */
// "requires-automatic", "requires-transitive-automatic": micrometer-core is an automatic module (it names itself
// micrometer.core in its manifest); its MeterRegistry is part of this module's API.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.memberlist.micrometer {
    requires transitive io.memberlist; // MicrometerMetrics implements io.memberlist.Metrics
    requires transitive micrometer.core;
    requires org.slf4j;

    exports io.memberlist.micrometer;
}
