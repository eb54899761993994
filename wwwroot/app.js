// Small page behaviours that need no server round-trip. No inline handlers: the Content-Security-Policy forbids them.
document.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest("[data-action=print]")) {
        window.print();
    }
});
