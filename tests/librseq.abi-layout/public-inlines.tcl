# The static inline functions the public headers define, by name, for the
# checks that every one of them has a manual page (man.exp) and is used by
# headers.c (abi-layout.exp).
#
# The per-CPU operations are written once per architecture as a template
# (sysdeps/<arch>/percpu-template.h) that names its functions through
# RSEQ_TEMPLATE_NAME(op), and <rseq/percpu.h> includes it several times,
# each with its own RSEQ_TEMPLATE_SUFFIX and memory-order macro
# (RSEQ_TEMPLATE_MO_RELAXED, RSEQ_TEMPLATE_MO_RELEASE).  Such a function
# exists as op + suffix for every instantiation whose memory-order macros
# satisfy the #ifdef/#ifndef around it in the template: that is what
# public_inline_functions returns for it.
#
# Procedures only return names and problems; the caller reports them.

proc public_inline_read { path } {
    set fd [open $path]
    set text [read $fd]
    close $fd
    return $text
}

# C source without its comments, so that a commented-out definition does not
# count.
proc public_inline_strip_comments { text } {
    regsub -all {/\*.*?\*/} $text " " text
    regsub -all {//[^\n]*} $text " " text
    return $text
}

# The instantiations <rseq/percpu.h> makes, as a list of
# {suffix {memory-order macros defined}}: the state of RSEQ_TEMPLATE_SUFFIX
# and RSEQ_TEMPLATE_MO_* at each `#include RSEQ_ARCH_PERCPU_TEMPLATE'.
proc public_inline_instantiations { header } {
    set text [public_inline_strip_comments [public_inline_read $header]]
    set suffix ""
    set orders {}
    set instantiations {}
    foreach line [split $text "\n"] {
        if { [regexp {^\s*#\s*define\s+RSEQ_TEMPLATE_SUFFIX\s+(\w+)\s*$} $line -> s] } {
            set suffix $s
        } elseif { [regexp {^\s*#\s*undef\s+RSEQ_TEMPLATE_SUFFIX\M} $line] } {
            set suffix ""
        } elseif { [regexp {^\s*#\s*define\s+(RSEQ_TEMPLATE_MO_\w+)\M} $line -> mo] } {
            lappend orders $mo
        } elseif { [regexp {^\s*#\s*undef\s+(RSEQ_TEMPLATE_MO_\w+)\M} $line -> mo] } {
            set orders [lsearch -all -inline -exact -not $orders $mo]
        } elseif { [regexp {^\s*#\s*include\s+RSEQ_ARCH_PERCPU_TEMPLATE\M} $line] } {
            lappend instantiations [list $suffix [lsort -unique $orders]]
        }
    }
    return $instantiations
}

# The condition one #if, #ifdef or #ifndef line puts on what follows it:
# {} when it does not concern RSEQ_TEMPLATE_MO_*, {MACRO 1} for "MACRO is
# defined", {MACRO 0} for "MACRO is not defined", or {? LINE} when the
# line tests such a macro in a way this parser cannot read.
proc public_inline_condition { directive argument } {
    set argument [string trim $argument]
    if { ![string match *RSEQ_TEMPLATE_MO_* $argument] } {
        return {}
    }
    switch -- $directive {
        ifdef  { set want 1 }
        ifndef { set want 0 }
        if {
            if { [regexp {^(!?)\s*defined\s*(?:\(\s*(\w+)\s*\)|\s(\w+))$} $argument \
                      -> not m1 m2] } {
                return [list "$m1$m2" [expr { $not eq "" }]]
            }
            return [list ? "#$directive $argument"]
        }
    }
    if { [regexp {^\w+$} $argument] } {
        return [list $argument $want]
    }
    return [list ? "#$directive $argument"]
}

# TEXT (without comments) cut at its conditional directives, as a list of
# {conditions text}: the conditions that hold over each piece, innermost
# last.  A piece never contains a directive, and no function signature
# straddles one in our headers.
proc public_inline_pieces { text } {
    set pieces {}
    set stack {}
    set piece ""
    foreach line [split $text "\n"] {
        if { ![regexp {^\s*#\s*(ifdef|ifndef|if|elif|else|endif)\M(.*)$} $line -> directive arg] } {
            append piece $line "\n"
            continue
        }
        lappend pieces [list $stack $piece]
        set piece ""
        switch -- $directive {
            ifdef - ifndef - if {
                lappend stack [public_inline_condition $directive $arg]
            }
            elif - else {
                # The branch where the test above did not hold.
                lassign [lindex $stack end] macro want
                if { $macro ne "" && $macro ne "?" } {
                    set top [list $macro [expr { !$want }]]
                } else {
                    set top [lindex $stack end]
                }
                set stack [lreplace $stack end end $top]
            }
            endif {
                set stack [lrange $stack 0 end-1]
            }
        }
    }
    lappend pieces [list $stack $piece]
    return $pieces
}

# Whether an instantiation defining the macros ORDERS satisfies CONDITIONS.
proc public_inline_applies { conditions orders } {
    foreach condition $conditions {
        if { $condition eq {} } {
            continue
        }
        lassign $condition macro want
        if { ($macro in $orders) != $want } {
            return 0
        }
    }
    return 1
}

# The functions HEADER defines `static inline', as {names problems}.
# INSTANTIATIONS is what public_inline_instantiations returned.
proc public_inline_functions_of { header instantiations } {
    set text [public_inline_strip_comments [public_inline_read $header]]
    # Attributes can stand anywhere in a declaration and contain parentheses.
    regsub -all {__attribute__\s*\(\((?:[^()]|\([^()]*\))*\)\)} $text " " text
    set re {\m(?:static\s+(?:__inline__|__inline|inline)|(?:__inline__|__inline|inline)\s+static)\M([^;{}()=#]*?)\m([A-Za-z_][A-Za-z0-9_]*)\s*\(([^;{}]*)\)\s*\{}
    set names {}
    set problems {}
    set file [file tail [file dirname $header]]/[file tail $header]
    foreach piece [public_inline_pieces $text] {
        lassign $piece conditions piece_text
        foreach condition $conditions {
            if { [lindex $condition 0] eq "?" } {
                lappend problems "$file: cannot read \"[lindex $condition 1]\""
            }
        }
        foreach {- type name params} [regexp -all -inline $re $piece_text] {
            if { ![regexp {^\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)\s*\(} $params -> op] } {
                lappend names $name
                continue
            }
            # NAME(op)(params): a macro builds the real name.
            if { $name ne "RSEQ_TEMPLATE_NAME" } {
                lappend problems "$file: cannot tell the name of ${name}($op)(), an inline function named by a macro"
                continue
            }
            set found 0
            foreach instantiation $instantiations {
                lassign $instantiation suffix orders
                if { [public_inline_applies $conditions $orders] } {
                    lappend names $op$suffix
                    incr found
                }
            }
            if { !$found } {
                lappend problems "$file: ${op}() is in no instantiation of the template"
            }
        }
    }
    return [list $names $problems]
}

# Every static inline function of the public headers (include/rseq/*.h and
# sysdeps/*/*.h), sorted, as {names problems}.
proc public_inline_functions { top_srcdir } {
    set instantiations [public_inline_instantiations $top_srcdir/include/rseq/percpu.h]
    set names {}
    set problems {}
    if { [llength $instantiations] == 0 } {
        lappend problems "percpu.h: found no instantiation of the per-CPU template"
    }
    foreach header [lsort [concat [glob -nocomplain $top_srcdir/include/rseq/*.h] \
                               [glob -nocomplain $top_srcdir/sysdeps/*/*.h]]] {
        lassign [public_inline_functions_of $header $instantiations] n p
        lappend names {*}$n
        lappend problems {*}$p
    }
    return [list [lsort -unique $names] [lsort -unique $problems]]
}
