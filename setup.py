"""Build configuration that pyproject.toml cannot express.

That is the optional C kernels, and the built-in derivations shipped inside the package.
Everything else (metadata, dependencies, tools) is in pyproject.toml.

``_symxent_kernels`` is a top-level extension module (not ``symxent._kernels``) so that a
source checkout run with ``python -m pytest`` (which imports ``symxent`` from the checkout)
still finds the compiled kernels of ``pip install .``. The extension is optional: without a C
compiler the build goes on and symxent uses its numpy routes (``symxent.numeric.native``).
"""

from setuptools import Extension, find_packages, setup

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
            optional=True,
        )
    ],
)
