package io.memberlist.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The layers of docs/ARCHITECTURE.md, enforced: codec below everything; the engine (core) and
 * the node are sans IO and know nothing of drivers; the public API exposes no internal type; the
 * transport package exports only its SPI, the event loops and the two networks.
 */
class LayersTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.memberlist");

    @Test
    void codecImportsNothingOfOurs() {
        classes().that().resideInAPackage("io.memberlist.codec..")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("io.memberlist.codec..", "java..", "javax.crypto..", "org.msgpack..")
                .check(MAIN);
    }

    @Test
    void engineKnowsNoDriverNodeOrFacade() {
        noClasses().that().resideInAPackage("io.memberlist.core..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.memberlist.transport..", "io.memberlist.runtime..",
                        "io.memberlist.testing..", "io.memberlist.node..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.memberlist.Memberlist")
                .check(MAIN);
    }

    /**
     * The engine reads {@code EngineSettings}, built once from the public {@code Config} by the
     * node layer, never the {@code Config} itself; and {@code Config}, an API type, knows nothing
     * of the engine (so neither can reach the other to build the settings: the node does).
     */
    @Test
    void engineReadsItsSettingsNotTheConfig() {
        String config = "io\\.memberlist\\.Config(\\$.*)?";
        noClasses().that().resideInAPackage("io.memberlist.core..")
                .should().dependOnClassesThat().haveNameMatching(config)
                .check(MAIN);
        noClasses().that().haveNameMatching(config)
                .should().dependOnClassesThat().resideInAPackage("io.memberlist.core..")
                .check(MAIN);
    }

    @Test
    void nodeKnowsNoDriver() {
        noClasses().that().resideInAPackage("io.memberlist.node..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("io.memberlist.transport..", "io.memberlist.runtime..", "io.memberlist.testing..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.memberlist.Memberlist")
                .check(MAIN);
    }

    @Test
    void nothingButTheSimulatorDependsOnIt() {
        noClasses().that().resideOutsideOfPackage("io.memberlist.testing..")
                .should().dependOnClassesThat().resideInAPackage("io.memberlist.testing..")
                .check(MAIN);
    }

    @Test
    void publicApiExposesNoInternalType() {
        Set<String> internal = Set.of("io.memberlist.core", "io.memberlist.node", "io.memberlist.runtime",
                "io.memberlist.codec");
        codeUnits().that().arePublic()
                .and().areDeclaredInClassesThat().resideInAPackage("io.memberlist")
                .and().areDeclaredInClassesThat().arePublic()
                .should(new ArchCondition<JavaCodeUnit>("expose no type of " + internal) {
                    @Override
                    public void check(JavaCodeUnit unit, ConditionEvents events) {
                        check(unit.getRawReturnType(), unit, events);
                        for (JavaClass p : unit.getRawParameterTypes()) {
                            check(p, unit, events);
                        }
                    }

                    private void check(JavaClass type, JavaCodeUnit unit, ConditionEvents events) {
                        JavaClass base = type.isArray() ? type.getBaseComponentType() : type;
                        if (internal.contains(base.getPackageName())) {
                            events.add(SimpleConditionEvent.violated(unit,
                                    unit.getFullName() + " exposes " + base.getName()));
                        }
                    }
                })
                .check(MAIN);
    }

    @Test
    void transportExportsOnlyItsSpiLoopsAndNetworks() {
        classes().that().resideInAPackage("io.memberlist.transport").and().arePublic()
                .and().areTopLevelClasses()
                .should().haveSimpleNameEndingWith("Transport")
                .orShould().haveSimpleName("TransportReceiver")
                .orShould().haveSimpleName("EventLoop")
                .orShould().haveSimpleName("EventLoopGroup")
                .orShould().haveSimpleName("InMemoryNetwork")
                .check(MAIN);
    }
}
