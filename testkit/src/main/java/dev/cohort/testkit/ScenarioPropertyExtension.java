package dev.cohort.testkit;

import dev.cohort.sim.scenario.Scenario;
import dev.cohort.sim.scenario.ScenarioYaml;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Runs {@link ScenarioProperty} methods: JUnit's own call is replaced by a {@link PropertyCheck}
 * that calls the method once per generated value, shrinks a failure and reports it.
 */
public final class ScenarioPropertyExtension implements ParameterResolver, InvocationInterceptor {

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getDeclaringExecutable().isAnnotationPresent(ScenarioProperty.class);
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    // A placeholder: the interceptor calls the method itself with generated values.
    Class<?> t = p.getParameter().getType();
    if (!t.isPrimitive()) {
      return null;
    }
    if (t == boolean.class) {
      return false;
    }
    if (t == char.class) {
      return '\0';
    }
    return t == double.class || t == float.class ? (Object) 0.0 : (Object) 0;
  }

  @Override
  public void interceptTestMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> call,
      ExtensionContext context)
      throws Throwable {
    Method method = call.getExecutable();
    ScenarioProperty p = method.getAnnotation(ScenarioProperty.class);
    if (p == null) {
      invocation.proceed();
      return;
    }
    invocation.skip();
    if (method.getParameterCount() != 1) {
      throw new ExtensionConfigurationException(
          "@ScenarioProperty method "
              + method.getName()
              + " must take exactly one parameter, the generated value (combine several with"
              + " Gen.zip into a record)");
    }
    Class<?> type = method.getParameterTypes()[0];
    Class<?> testClass = method.getDeclaringClass();
    Object target = call.getTarget().orElse(null);
    String name =
        p.name().isEmpty() ? testClass.getSimpleName() + "." + method.getName() : p.name();
    Gen<Object> gen = generator(p, type, testClass, target);
    PropertyCheck<Object> check =
        PropertyCheck.forAll(gen)
            .named(name)
            .tries(p.tries())
            .maxSize(p.maxSize())
            .seed(p.seed())
            .maxDiscardRatio(p.maxDiscardRatio())
            .replay(p.replay());
    if (!p.shrinker().isEmpty()) {
      check.shrinkWith(lookup(testClass, target, p.shrinker(), Shrinker.class, "shrinker"));
    } else if (Scenario.class.isAssignableFrom(type)) {
      @SuppressWarnings("unchecked")
      Shrinker<Object> s = (Shrinker<Object>) (Shrinker<?>) new ScenarioShrinker();
      check.shrinkWith(s);
    }
    if (!p.assuming().isEmpty()) {
      Method premise = premise(testClass, p.assuming(), type);
      check.assuming(v -> (Boolean) invoke(premise, target, v));
    }
    if (Scenario.class.isAssignableFrom(type)) {
      check.rendering(v -> ScenarioYaml.write((Scenario) v));
    }
    method.setAccessible(true);
    try {
      PropertyReport report =
          check.checkThat(
              v -> {
                try {
                  method.invoke(target, v);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
      context.publishReportEntry("cohort.property", report.summary());
    } catch (PropertyFailure f) {
      f.details()
          .ifPresent(
              d ->
                  context.publishReportEntry(
                      "cohort.replay", "-Dcohort.replay=" + d.name() + "=" + d.replayToken()));
      throw f;
    }
  }

  @SuppressWarnings("unchecked")
  private static Gen<Object> generator(
      ScenarioProperty p, Class<?> type, Class<?> testClass, Object target) {
    if (p.gen().isEmpty()) {
      if (Scenario.class.isAssignableFrom(type)) {
        return (Gen<Object>) (Gen<?>) ScenarioGens.anything();
      }
      throw new ExtensionConfigurationException(
          "@ScenarioProperty needs gen = \"...\": a static method or field of "
              + testClass.getSimpleName()
              + " giving a Gen<"
              + type.getSimpleName()
              + ">");
    }
    return lookup(testClass, target, p.gen(), Gen.class, "gen");
  }

  @SuppressWarnings("unchecked")
  private static <X> X lookup(
      Class<?> cls, Object target, String name, Class<?> kind, String what) {
    for (Class<?> c = cls; c != null; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.getName().equals(name) && m.getParameterCount() == 0) {
          m.setAccessible(true);
          Object v = invoke(m, Modifier.isStatic(m.getModifiers()) ? null : target);
          return (X) check(v, kind, what, name);
        }
      }
      for (Field f : c.getDeclaredFields()) {
        if (f.getName().equals(name)) {
          try {
            f.setAccessible(true);
            return (X)
                check(f.get(Modifier.isStatic(f.getModifiers()) ? null : target), kind, what, name);
          } catch (IllegalAccessException e) {
            throw new ExtensionConfigurationException("cannot read " + name, e);
          }
        }
      }
    }
    throw new ExtensionConfigurationException(
        "@ScenarioProperty("
            + what
            + " = \""
            + name
            + "\"): no method or field '"
            + name
            + "' in "
            + cls.getSimpleName());
  }

  private static Object check(Object v, Class<?> kind, String what, String name) {
    if (!kind.isInstance(v)) {
      throw new ExtensionConfigurationException(
          "@ScenarioProperty("
              + what
              + " = \""
              + name
              + "\") must give a "
              + kind.getSimpleName()
              + ", got "
              + (v == null ? "null" : v.getClass().getName()));
    }
    return v;
  }

  private static Method premise(Class<?> cls, String name, Class<?> type) {
    for (Class<?> c = cls; c != null; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.getName().equals(name)
            && m.getParameterCount() == 1
            && (m.getReturnType() == boolean.class || m.getReturnType() == Boolean.class)) {
          m.setAccessible(true);
          return m;
        }
      }
    }
    throw new ExtensionConfigurationException(
        "@ScenarioProperty(assuming = \""
            + name
            + "\"): no method boolean "
            + name
            + "("
            + type.getSimpleName()
            + ") in "
            + cls.getSimpleName());
  }

  private static Object invoke(Method m, Object target, Object... args) {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(c);
    } catch (IllegalAccessException e) {
      throw new ExtensionConfigurationException("cannot call " + m.getName(), e);
    }
  }
}
