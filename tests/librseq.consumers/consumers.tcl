# Procedures of the consumers group, shared by consumers.exp (a `make
# install' prefix) and debian.exp (the built Debian packages): projects
# outside this tree (cmake/, meson/, make/) build consumer.c and
# consumer.cpp against an installed librseq under a root directory, and the
# programs run against the library of that root.
#
# Result names carry a label ("install", "deb") and never a path.

# Runs CMD (a list) in directory DIR with the environment ENV (a list of
# VAR=value) and without the make variables of the `make check' that runs
# the suite; returns {output status}.
proc consumers_exec { dir env cmd {timeout 600} } {
    set full [concat [list env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES \
                          -u GLIBC_TUNABLES -C $dir] $env $cmd]
    return [librseq_exec $full $timeout]
}

# Passes NAME when the command succeeded; else fails it, the output in the log.
proc consumers_step { name result } {
    lassign $result output status
    if { $status eq "0" } {
        pass $name
        return 1
    }
    fail "$name (status $status)"
    verbose -log "$name: $output" 0
    return 0
}

# A fresh copy of project KIND and the two sources in DIR.
proc consumers_copy_project { kind dir } {
    global srcdir
    set here "$srcdir/librseq.consumers"
    file delete -force $dir
    file mkdir $dir
    foreach f [glob -directory $here/$kind *] {
        file copy $f $dir
    }
    file copy $here/consumer.c $here/consumer.cpp $dir
}

# The pkg-config environment that finds librseq.pc under ROOT, and only it;
# pkgconf prefixes the paths it prints with the root, system ones included.
proc consumers_pkg_env { root pcdir } {
    return [list PKG_CONFIG_LIBDIR=$pcdir PKG_CONFIG_PATH= PKG_CONFIG_SYSROOT_DIR=$root \
                PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1 PKG_CONFIG_ALLOW_SYSTEM_LIBS=1]
}

# Checks that PROG (a path) needs librseq.so.1 when LINK is "shared" and
# not when it is "static", then runs it in both ownership modes against the
# library in LIBDIR.
proc consumers_check_program { name prog link libdir } {
    global READELF
    lassign [librseq_exec [concat $READELF -dW [list $prog]]] dynamic status
    set needs [regexp {\(NEEDED\)\s+Shared library: \[librseq\.so\.1\]} $dynamic]
    if { $status ne "0" && ![regexp {no dynamic section} $dynamic] } {
        fail "$name: readelf -d (status $status)"
    } elseif { $link eq "shared" } {
        if { $needs } { pass "$name: needs librseq.so.1" } else { fail "$name: needs librseq.so.1" }
    } else {
        if { !$needs } { pass "$name: has librseq linked in" } else { fail "$name: has librseq linked in" }
    }
    foreach mode { libc librseq } {
        set cmd [concat [librseq_mode_prefix $mode] [list LD_LIBRARY_PATH=$libdir $prog $mode $link]]
        librseq_run_cmd "$name \[$mode\]" $cmd
    }
}

# The four programs a project built in DIR, named PREFIX + name.
proc consumers_check_programs { label dir programs libdir } {
    foreach { file link } $programs {
        set path [lindex [glob -nocomplain -types f $dir/$file $dir/*/$file] 0]
        if { $path eq "" } {
            fail "$label: $file was built"
            continue
        }
        consumers_check_program "$label: [file tail $file]" $path $link $libdir
    }
}

# The cross or native compilers of this build, for the projects.
proc consumers_compiler_env {} {
    global CC CXX
    return [list CC=$CC CXX=$CXX]
}

# Why the build system NAME (a probe name of LIBRSEQ_TEST_ABSENT) cannot be
# used, or "" when each of TOOLS is on the PATH.
proc consumers_tools_missing { name tools } {
    if { [librseq_forced_absent $name] } {
        return "$name: forced absent by LIBRSEQ_TEST_ABSENT"
    }
    foreach tool $tools {
        if { [auto_execok $tool] eq "" } {
            return "$tool is not installed (build-aux/deps.sh installs it)"
        }
    }
    return ""
}

# CMake: find_package(librseq 0.1) from CMAKE_PREFIX_PATH, once for each
# library; a request for version 1.0 is refused (same major version only).
proc consumers_cmake { label root prefix libdir } {
    global objdir
    set why [consumers_tools_missing cmake { cmake }]
    if { $why ne "" } {
        unsupported "$label: cmake: $why"
        return
    }
    set cc_env [consumers_compiler_env]
    foreach link { shared static } {
        set dir "$objdir/librseq.consumers/$label-cmake-$link"
        consumers_copy_project cmake $dir
        set use [expr { $link eq "static" ? "ON" : "OFF" }]
        set ok [consumers_step "$label: cmake $link: find_package(librseq 0.1) configures" \
                    [consumers_exec $dir $cc_env [list cmake -S . -B build \
                        -DCMAKE_PREFIX_PATH=$root$prefix -DLIBRSEQ_USE_STATIC_LIBS=$use]]]
        if { !$ok } { continue }
        if { ![consumers_step "$label: cmake $link: builds" \
                   [consumers_exec $dir {} [list cmake --build build]]] } {
            continue
        }
        consumers_check_programs "$label: cmake $link" $dir/build \
            [list consumer $link consumer-cxx $link] $libdir
    }
    set dir "$objdir/librseq.consumers/$label-cmake-version"
    consumers_copy_project cmake $dir
    lassign [consumers_exec $dir $cc_env [list cmake -S . -B build \
                 -DCMAKE_PREFIX_PATH=$root$prefix -DLIBRSEQ_WANT_VERSION=1.0]] output status
    if { $status ne "0" && [regexp {librseq[^\n]*\n?[^\n]*0\.1\.0} $output] } {
        pass "$label: cmake: find_package(librseq 1.0) refuses the installed 0.1.0"
    } else {
        fail "$label: cmake: find_package(librseq 1.0) refuses the installed 0.1.0 (status $status)"
        verbose -log $output 0
    }
}

# A project of KIND that finds librseq through pkg-config, built by the
# commands STEPS (a list of {name command}) in a fresh copy, the four
# programs then found under BUILD (relative to the copy) and run.
# NAME is the probe name of LIBRSEQ_TEST_ABSENT, TOOLS what it needs.
proc consumers_pkg_project { label kind name tools root libdir steps build } {
    global objdir
    set why [consumers_tools_missing $name $tools]
    if { $why ne "" } {
        unsupported "$label: $kind: $why"
        return
    }
    set dir "$objdir/librseq.consumers/$label-$kind"
    consumers_copy_project $kind $dir
    set env [concat [consumers_compiler_env] [consumers_pkg_env $root $libdir/pkgconfig]]
    foreach { step cmd } $steps {
        if { ![consumers_step "$label: $kind: $step" [consumers_exec $dir $env $cmd]] } {
            return
        }
    }
    consumers_check_programs "$label: $kind" $dir/$build \
        [list consumer shared consumer-cxx shared consumer-static static \
             consumer-cxx-static static] $libdir
}

# Meson: dependency('librseq') and dependency('librseq', static: true).
proc consumers_meson { label root libdir } {
    consumers_pkg_project $label meson meson { meson ninja pkg-config } $root $libdir \
        [list "dependency('librseq') and static: true configure" [list meson setup build] \
             "builds" [list meson compile -C build]] build
}

# A plain Makefile with pkg-config; its static programs are fully static.
proc consumers_make { label root libdir } {
    consumers_pkg_project $label make pkg-config { pkg-config } $root $libdir \
        [list "pkg-config --cflags --libs (--static) builds" [list make]] .
}

# Everything, against the librseq installed under ROOT with PREFIX and
# LIBDIR (paths as installed, without ROOT; the procedures above take the
# library directory with ROOT).
proc consumers_all { label root prefix libdir } {
    set pc "$root$libdir/pkgconfig/librseq.pc"
    if { ![file exists $pc] } {
        fail "$label: librseq.pc is installed in the library directory"
        return
    }
    pass "$label: librseq.pc is installed in the library directory"
    foreach f { librseq.so librseq.a cmake/librseq/librseqConfig.cmake
                cmake/librseq/librseqConfigVersion.cmake } {
        if { [file exists $root$libdir/$f] } {
            pass "$label: [file tail $f] is installed beside librseq.pc"
        } else {
            fail "$label: [file tail $f] is installed beside librseq.pc"
        }
    }
    set libpath $root$libdir
    consumers_cmake $label $root $prefix $libpath
    consumers_meson $label $root $libpath
    consumers_make $label $root $libpath
}
