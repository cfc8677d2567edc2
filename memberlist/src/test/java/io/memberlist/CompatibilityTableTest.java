package io.memberlist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's Go API compatibility table cannot drift from the code: every Java name in its Java
 * column exists (class, nested class, method, field or enum constant), every row says what the
 * Java side is or why there is none, and every public method of the main API types is listed.
 */
class CompatibilityTableTest {
    private static final Path README = Path.of("../README.md");
    private static final List<String> PACKAGES = List.of("io.memberlist", "io.memberlist.codec",
            "io.memberlist.transport", "java.net");
    /** A Java name: an upper-case class, then dotted nested classes or members. */
    private static final Pattern NAME = Pattern.compile("`([A-Z][A-Za-z0-9]*(?:\\.[A-Za-z][A-Za-z0-9]*)*)`");
    /** Types whose every public method the table must list. */
    private static final List<Class<?>> COVERED = List.of(Memberlist.class, Config.Builder.class,
            BroadcastQueue.class, Keyring.class, Delegate.class, EventListener.class,
            ConflictDelegate.class, MergeDelegate.class, AliveDelegate.class, PingDelegate.class,
            Broadcast.class);

    private record Row(String go, String java) {}

    private static List<Row> rows() throws IOException {
        String text = Files.readString(README);
        int begin = text.indexOf("<!-- compat:begin -->");
        int end = text.indexOf("<!-- compat:end -->");
        assertThat(begin).as("table start marker").isNotNegative();
        assertThat(end).as("table end marker").isGreaterThan(begin);
        List<Row> rows = new ArrayList<>();
        for (String line : text.substring(begin, end).split("\n")) {
            if (!line.startsWith("|") || line.startsWith("|---") || line.startsWith("| Go |")) {
                continue;
            }
            String[] cells = line.split("\\|", -1);
            assertThat(cells.length).as("three columns: " + line).isEqualTo(5);
            rows.add(new Row(cells[1].trim(), cells[2].trim()));
        }
        return rows;
    }

    private static Set<String> javaNames(List<Row> rows) {
        Set<String> names = new LinkedHashSet<>();
        for (Row r : rows) {
            Matcher m = NAME.matcher(r.java());
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    @Test
    void everyJavaNameExists() throws IOException {
        List<Row> rows = rows();
        assertThat(rows).hasSizeGreaterThan(50);
        List<String> missing = new ArrayList<>();
        for (String name : javaNames(rows)) {
            if (!resolves(name)) {
                missing.add(name);
            }
        }
        assertThat(missing).as("Java names in the README table that do not exist").isEmpty();
    }

    @Test
    void everyRowNamesItsJavaSideOrSaysWhyNot() throws IOException {
        for (Row r : rows()) {
            if (r.go().startsWith("**") && r.java().isEmpty()) {
                continue; // a section heading
            }
            assertThat(r.java()).as(r.go()).isNotEmpty();
            if (r.java().startsWith("not provided")) {
                assertThat(r.java()).as(r.go()).contains("because");
            } else {
                assertThat(NAME.matcher(r.java()).find()).as(r.go()).isTrue();
            }
        }
    }

    @Test
    void everyPublicMethodOfTheMainTypesIsListed() throws IOException {
        Set<String> listed = javaNames(rows());
        Set<String> unlisted = new TreeSet<>();
        for (Class<?> type : COVERED) {
            String prefix = type.getName().substring(type.getPackageName().length() + 1).replace('$', '.');
            for (Method m : type.getDeclaredMethods()) {
                if (!Modifier.isPublic(m.getModifiers()) || m.isSynthetic() || isObjectMethod(m)) {
                    continue;
                }
                if (!listed.contains(prefix + "." + m.getName())) {
                    unlisted.add(prefix + "." + m.getName());
                }
            }
        }
        assertThat(unlisted).as("public methods missing from the README table").isEmpty();
    }

    private static boolean isObjectMethod(Method m) {
        try {
            Object.class.getMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** {@code A}, {@code A.B} (nested class), {@code A.m} (method or field), {@code A.B.C} ... */
    private static boolean resolves(String name) {
        String[] parts = name.split("\\.");
        for (String pkg : PACKAGES) {
            Class<?> c = load(pkg + "." + parts[0]);
            if (c != null && resolvesFrom(c, parts, 1)) {
                return true;
            }
        }
        return false;
    }

    private static boolean resolvesFrom(Class<?> c, String[] parts, int i) {
        if (i == parts.length) {
            return true;
        }
        String part = parts[i];
        for (Class<?> nested : c.getDeclaredClasses()) {
            if (nested.getSimpleName().equals(part) && Modifier.isPublic(nested.getModifiers())
                    && resolvesFrom(nested, parts, i + 1)) {
                return true;
            }
        }
        if (i != parts.length - 1) {
            return false;
        }
        for (Method m : c.getMethods()) {
            if (m.getName().equals(part)) {
                return true;
            }
        }
        for (Field f : c.getFields()) {
            if (f.getName().equals(part)) {
                return true;
            }
        }
        return false;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, CompatibilityTableTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
