"""Build configuration that pyproject.toml cannot express.

That is the optional C kernels, and the built-in derivations shipped inside the package.
Everything else (metadata, dependencies, tools) is in pyproject.toml.

``_symxent_kernels`` is a top-level extension module (not ``symxent._kernels``) so that a
source checkout run with ``python -m pytest`` (which imports ``symxent`` from the checkout)
still finds the compiled kernels of ``pip install .``. The extension is optional: without a C
compiler the build goes on and symxent uses its numpy routes (``symxent.numeric.native``).
"""

import glob
import sys

from setuptools import Extension, find_packages, setup

# No debug information in the built kernels: Python's CFLAGS carry -g (the .so was 318 KB with
# it); -g0 comes after them and wins, and the linker strips the symbol table too.
if sys.platform == "win32":
    COMPILE_ARGS: list[str] = []
    LINK_ARGS: list[str] = []
elif sys.platform == "darwin":
    COMPILE_ARGS, LINK_ARGS = ["-g0"], ["-Wl,-S"]
else:
    COMPILE_ARGS, LINK_ARGS = ["-g0"], ["-s"]

setup(
    packages=[*find_packages(include=["symxent", "symxent.*"]), "symxent._builtin_derivations"],
    # The built-in derivations live in the top-level derivations/ folder of the repository; in
    # the wheel they are shipped inside the package, so no generic top-level `derivations`
    # package lands in site-packages. symxent.catalogue looks in both places.
    package_dir={"symxent._builtin_derivations": "derivations"},
    ext_modules=[
        Extension(
            "_symxent_kernels",
            sources=["symxent/numeric/_symxent_kernels.c"],
            depends=sorted(glob.glob("symxent/numeric/_symxent_*.h")),
            extra_compile_args=COMPILE_ARGS,
            extra_link_args=LINK_ARGS,
            optional=True,
        )
    ],
)
