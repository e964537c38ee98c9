// Benchmark: the floor under the kiosk's start-up and memory (issue 19). A bare program that does only
// what any full-screen GL kiosk must: opens an SDL2 window over the whole display with an OpenGL 3.0
// context exactly as the kiosk does (platform/window.cpp), clears it, reads a pixel back, swaps and
// exits. It prints "floor: first frame on screen N ms after main()" the moment the swap returns, as the
// kiosk prints its own line, so tools/bench/vs-web times both from spawn the same way. With
// --hold SECONDS it stays up that long after the frame (for its memory to be sampled), redrawing nothing.
#include <GL/gl.h>
#include <SDL.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

int main(int argc, char** argv) {
    const auto started = std::chrono::steady_clock::now();
    double hold_s = 0;
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--hold") == 0) hold_s = std::atof(argv[i + 1]);
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        std::fprintf(stderr, "kiosk-bench-floor: cannot start SDL video: %s\n", SDL_GetError());
        return 1;
    }
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
    SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 0);
    SDL_Rect bounds{0, 0, 1920, 1080};
    SDL_GetDisplayBounds(0, &bounds);
    SDL_Window* window = SDL_CreateWindow("floor", bounds.x, bounds.y, bounds.w, bounds.h,
                                          SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI | SDL_WINDOW_BORDERLESS);
    SDL_GLContext context = window ? SDL_GL_CreateContext(window) : nullptr;
    if (!context) {
        std::fprintf(stderr, "kiosk-bench-floor: cannot open a GL 3.0 window: %s\n", SDL_GetError());
        return 1;
    }
    SDL_GL_SetSwapInterval(1);
    glViewport(0, 0, bounds.w, bounds.h);
    glClearColor(0.96f, 0.95f, 0.93f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    // One pixel read back (the kiosk reads one to learn how its swaps behave): the clear really ran.
    unsigned char pixel[4] = {0, 0, 0, 0};
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, pixel);
    const bool cleared = pixel[0] >= 244 && pixel[0] <= 246;
    SDL_GL_SwapWindow(window);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    std::printf("floor: first frame on screen %.0f ms after main()\n", ms);
    std::fflush(stdout);
    if (hold_s > 0) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(hold_s);
        SDL_Event event;
        while (std::chrono::steady_clock::now() < until) SDL_WaitEventTimeout(&event, 100);
    }
    SDL_GL_DeleteContext(context);
    SDL_DestroyWindow(window);
    SDL_Quit();
    if (!cleared) {
        std::fprintf(stderr, "kiosk-bench-floor: the pixel read back is not the colour cleared (%u)\n", pixel[0]);
        return 1;
    }
    return 0;
}
