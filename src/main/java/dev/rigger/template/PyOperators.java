package dev.rigger.template;

import com.hubspot.jinjava.el.ext.StringConcatOperator;
import jinjava.de.odysseus.el.misc.TypeConverter;
import jinjava.de.odysseus.el.tree.Bindings;
import jinjava.de.odysseus.el.tree.impl.Parser;
import jinjava.de.odysseus.el.tree.impl.ast.AstBinary;
import jinjava.de.odysseus.el.tree.impl.ast.AstChoice;
import jinjava.de.odysseus.el.tree.impl.ast.AstNode;
import jinjava.de.odysseus.el.tree.impl.ast.AstUnary;
import jinjava.javax.el.ELContext;

/**
 * Jinja's {@code ~} and {@code and} in Jinjava's parser: {@code ~} joins Python's str() of each side
 * ({@code 'a' ~ none} is {@code aNone}, {@code 'a' ~ [1]} is {@code a[1]}); {@code and} returns an operand, as
 * Python's ({@code true and 'a'} is {@code a}, {@code 0 and 1} is {@code 0}), and {@code and}/{@code or} judge
 * truth as Python does (the string "false" is true), as do {@code not} and {@code a if c else b}.
 */
final class PyOperators {
    private PyOperators() {
    }

    /** The operator {@code op} stands for in Python, or {@code op} itself. */
    static AstBinary.Operator python(AstBinary.Operator op) {
        return op == AstBinary.AND ? AND : op == com.hubspot.jinjava.el.ext.OrOperator.OP ? OR
                : op == StringConcatOperator.OP ? CONCAT : op;
    }

    /** Parses {@code ~} as {@link #CONCAT} (Jinjava's handler builds its own operator without asking the parser). */
    static final Parser.ExtensionHandler CONCAT_HANDLER = new Parser.ExtensionHandler(Parser.ExtensionPoint.ADD) {
        @Override
        public AstNode createAstNode(AstNode... children) {
            return new AstBinary(children[0], children[1], CONCAT);
        }
    };

    static final AstBinary.Operator CONCAT = new AstBinary.SimpleOperator() {
        @Override
        protected Object apply(TypeConverter converter, Object a, Object b) {
            return Py.str(a) + Py.str(b);
        }

        @Override
        public String toString() {
            return "~";
        }
    };

    /** Python's {@code not}: Python's truth. */
    static final AstUnary.Operator NOT = new AstUnary.Operator() {
        @Override
        public Object eval(Bindings bindings, ELContext context, AstNode node) {
            return !Py.truthy(node.eval(bindings, context));
        }

        @Override
        public String toString() {
            return "!";
        }
    };

    /** {@code a if c else b}, judging {@code c} by Python's truth. */
    static final class Choice extends AstChoice {
        private final AstNode question;
        private final AstNode yes;
        private final AstNode no;

        Choice(AstNode question, AstNode yes, AstNode no) {
            super(question, yes, no);
            this.question = question;
            this.yes = yes;
            this.no = no;
        }

        @Override
        public Object eval(Bindings bindings, ELContext context) {
            return Py.truthy(question.eval(bindings, context)) ? yes.eval(bindings, context) : no.eval(bindings, context);
        }
    }

    static final AstBinary.Operator OR = new AstBinary.Operator() {
        @Override
        public Object eval(Bindings bindings, ELContext context, AstNode left, AstNode right) {
            Object l = left.eval(bindings, context);
            return Py.truthy(l) ? l : right.eval(bindings, context);
        }

        @Override
        public String toString() {
            return "||";
        }
    };

    static final AstBinary.Operator AND = new AstBinary.Operator() {
        @Override
        public Object eval(Bindings bindings, ELContext context, AstNode left, AstNode right) {
            Object l = left.eval(bindings, context);
            return Py.truthy(l) ? right.eval(bindings, context) : l;
        }

        @Override
        public String toString() {
            return "&&";
        }
    };
}
