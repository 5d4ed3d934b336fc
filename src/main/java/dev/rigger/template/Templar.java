package dev.rigger.template;
import java.util.Map;
public final class Templar {
  public Templar() {}
  public Object render(Object value, Map<String, Object> vars) { return value; }
  public String renderText(String template, Map<String, Object> vars) { return template; }
  public boolean evaluate(String expression, Map<String, Object> vars) { return true; }
  public Object evaluateExpression(String expression, Map<String, Object> vars) { return vars.get(expression); }
}
